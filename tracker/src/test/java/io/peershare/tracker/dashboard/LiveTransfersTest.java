package io.peershare.tracker.dashboard;

import io.peershare.protocol.api.TransferReport;
import io.peershare.tracker.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LiveTransfersTest {

    private final MutableClock clock = new MutableClock();
    private final LiveTransfers transfers = new LiveTransfers(clock, Duration.ofSeconds(10), 3);

    private static TransferReport one(String id) {
        return Reports.report(Reports.downloading(id, "a.txt", null, 8, 1));
    }

    private List<String> fetchers() {
        return transfers.current().stream().map(LiveTransfers.Reported::fetcher).toList();
    }

    @Test
    void shouldKeepOnlyTheLatestReportOfEachPeer() {
        transfers.record("p1", one("old"));
        transfers.record("p1", one("new"));

        assertThat(transfers.current()).extracting(r -> r.transfer().id()).containsExactly("new");
    }

    @Test
    void shouldDropTheOldestReporterBeyondTheBound() {
        for (String peer : List.of("p1", "p2", "p3", "p4")) {
            transfers.record(peer, one("f"));
        }
        transfers.record("p2", one("f")); // p2 is now the newest

        assertThat(fetchers()).containsExactly("p3", "p4", "p2");
    }

    @Test
    void shouldForgetAReportTenSecondsAfterItArrived() {
        transfers.record("p1", one("f"));
        clock.advance(Duration.ofSeconds(6));
        transfers.record("p2", one("f"));
        clock.advance(Duration.ofSeconds(5));

        assertThat(fetchers()).containsExactly("p2");
        assertThat(transfers.reporters()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(6));
        assertThat(transfers.current()).isEmpty();
    }

    @Test
    void shouldForgetAPeerThatLeftOrSentAnEmptyReport() {
        transfers.record("p1", one("f"));
        transfers.record("p2", one("f"));
        transfers.forget("p1");
        transfers.record("p2", new TransferReport(List.of()));

        assertThat(transfers.current()).isEmpty();
    }
}
