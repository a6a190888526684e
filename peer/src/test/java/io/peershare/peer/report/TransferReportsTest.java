package io.peershare.peer.report;

import io.peershare.peer.fetch.FetchProgress;
import io.peershare.peer.fetch.FetchState;
import io.peershare.peer.swarm.HeldPieces;
import io.peershare.protocol.api.Flow;
import io.peershare.protocol.api.Transfer;
import io.peershare.protocol.api.TransferReport;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.peershare.peer.fetch.FetchProgresses.alreadyPresent;
import static io.peershare.peer.fetch.FetchProgresses.downloading;
import static io.peershare.peer.fetch.FetchProgresses.end;
import static io.peershare.peer.fetch.FetchProgresses.gave;
import static io.peershare.peer.fetch.FetchProgresses.locating;
import static org.assertj.core.api.Assertions.assertThat;

/** Building the reports: a clock moved by hand, fetch progress driven by hand; counts and bytes, no sleeping. */
class TransferReportsTest {

    static final long MIB = 1 << 20;

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final TransferReports reports = new TransferReports(nanos::get);

    private void advanceMillis(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private List<Transfer> next() {
        return reports.next().orElseThrow(() -> new AssertionError("no report")).transfers();
    }

    private static HeldPieces holding(int pieceCount, int... pieces) {
        HeldPieces held = new HeldPieces(pieceCount);
        for (int piece : pieces) {
            held.add(piece);
        }
        return held;
    }

    @Test
    void shouldSendNothingWhenNoFetchRanSinceTheLastReport() {
        assertThat(reports.next()).isEmpty();

        FetchProgress quick = alreadyPresent("q1", "cat.png", 10);
        reports.watch(quick);
        assertThat(next()).extracting(Transfer::state).containsExactly("ALREADY_PRESENT");

        advanceMillis(1000);
        assertThat(reports.next()).isEmpty();
    }

    @Test
    void shouldRateEachSourceByItsBytesSinceTheLastReport() {
        FetchProgress fetch = downloading("f1", "big.iso", 10 * MIB, holding(10));
        reports.watch(fetch);
        gave(fetch, 1, MIB, bySource("peer2", MIB, "peer3", MIB / 2));
        advanceMillis(1000);

        List<Flow> first = next().get(0).flows();

        assertThat(first).containsExactly(new Flow("peer2", MIB, MIB), new Flow("peer3", MIB / 2, MIB / 2));

        gave(fetch, 3, 3 * MIB + MIB / 2, bySource("peer2", 3 * MIB, "peer3", MIB / 2));
        advanceMillis(2000);

        List<Flow> second = next().get(0).flows();

        // peer2 gave 2 MiB in the 2 s since the first report; peer3 gave nothing more
        assertThat(second).containsExactly(new Flow("peer2", 3 * MIB, MIB), new Flow("peer3", MIB / 2, 0));
    }

    @Test
    void shouldNeverReportANegativeRateWhenANewGroupStartsCountingAgain() {
        FetchProgress fetch = downloading("f1", "big.iso", 10 * MIB, holding(10));
        reports.watch(fetch);
        gave(fetch, 2, 2 * MIB, bySource("liar", 2 * MIB));
        advanceMillis(1000);
        next();

        gave(fetch, 2, 2 * MIB, bySource("liar", MIB));
        advanceMillis(1000);

        assertThat(next().get(0).flows()).containsExactly(new Flow("liar", MIB, 0));
    }

    @Test
    void shouldCarryTheHeldPiecesAndTheCounts() {
        FetchProgress fetch = downloading("f1", "big.iso", 16 * MIB + 1, holding(17, 0, 7, 8, 16));
        gave(fetch, 4, 3 * MIB + 1, Map.of());
        reports.watch(fetch);

        Transfer transfer = next().get(0);

        assertThat(transfer).isEqualTo(new Transfer("f1", "big.iso", "ab".repeat(32), 16 * MIB + 1, 17, "DOWNLOADING",
                4, 3 * MIB + 1, "gYCA", List.of()));
    }

    @Test
    void shouldLeaveTheBitfieldOutWhileThePieceCountIsUnknownOrAboveTheLimit() {
        reports.watch(locating("l1", "new.iso"));
        int huge = TransferReport.MAX_BITFIELD_PIECES + 1;
        FetchProgress big = downloading("b1", "huge.iso", huge * MIB, holding(huge, 0));
        gave(big, 1, MIB, Map.of());
        reports.watch(big);

        List<Transfer> transfers = next();

        assertThat(transfers).extracting(Transfer::id, Transfer::pieces, Transfer::piecesHeld, Transfer::held)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("l1", -1, 0, null),
                        org.assertj.core.groups.Tuple.tuple("b1", huge, 1, null));
    }

    @Test
    void shouldReportAnEndedFetchExactlyOnceWithEveryPieceWhenDone() {
        FetchProgress fetch = downloading("f1", "cat.png", 9 * MIB, holding(9, 0));
        reports.watch(fetch);
        assertThat(next()).extracting(Transfer::state).containsExactly("DOWNLOADING");

        end(fetch, FetchState.DONE);
        advanceMillis(1000);
        Transfer done = next().get(0);

        assertThat(done.state()).isEqualTo("DONE");
        assertThat(done.held()).isEqualTo("/4A="); // 9 pieces: 0xFF 0x80
        assertThat(done.piecesHeld()).isEqualTo(9);
        advanceMillis(1000);
        assertThat(reports.next()).isEmpty();
    }

    @Test
    void shouldKeepTheHeldPiecesOfAFailedFetchAndCountThoseOfAFileAlreadyPresent() {
        FetchProgress failed = downloading("f1", "cat.png", 9 * MIB, holding(9, 1, 8));
        reports.watch(failed);
        end(failed, FetchState.FAILED);
        FetchProgress present = alreadyPresent("p1", "dog.png", 2 * MIB + 1);
        reports.watch(present);

        List<Transfer> transfers = next();

        // newest ended first; 3 pieces of 1 MiB make 2 MiB + 1 byte: 0xE0
        assertThat(transfers).extracting(Transfer::id, Transfer::state, Transfer::pieces, Transfer::held)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("p1", "ALREADY_PRESENT", 3, "4A=="),
                        org.assertj.core.groups.Tuple.tuple("f1", "FAILED", 9, "QIA="));
    }

    @Test
    void shouldSendAtMostSixteenRunningFirstThenTheNewestEndedAndDropTheRest() {
        for (int i = 0; i < 10; i++) {
            reports.watch(locating("run" + i, "r" + i));
            FetchProgress ended = downloading("end" + i, "e" + i, MIB, holding(1));
            reports.watch(ended);
            end(ended, FetchState.FAILED);
        }

        List<Transfer> first = next();

        assertThat(first).hasSize(TransferReport.MAX_TRANSFERS);
        assertThat(first.subList(0, 10)).extracting(Transfer::id)
                .containsExactly("run0", "run1", "run2", "run3", "run4", "run5", "run6", "run7", "run8", "run9");
        assertThat(first.subList(10, 16)).extracting(Transfer::id)
                .containsExactly("end9", "end8", "end7", "end6", "end5", "end4");
        assertThat(next()).hasSize(10).allSatisfy(t -> assertThat(t.id()).startsWith("run"));
    }

    @Test
    void shouldSendAtMostSixtyFourFlowsMostBytesFirst() {
        Map<String, Long> many = new LinkedHashMap<>();
        for (int i = 0; i < 70; i++) {
            many.put("peer" + i, 1000L - i);
        }
        FetchProgress fetch = downloading("f1", "cat.png", 9 * MIB, holding(9));
        gave(fetch, 0, 0, many);
        reports.watch(fetch);

        List<Flow> flows = next().get(0).flows();

        assertThat(flows).hasSize(TransferReport.MAX_FLOWS);
        assertThat(flows.get(63).source()).isEqualTo("peer63");
    }

    private static Map<String, Long> bySource(String a, long aBytes, String b, long bBytes) {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put(a, aBytes);
        map.put(b, bBytes);
        return map;
    }

    private static Map<String, Long> bySource(String a, long aBytes) {
        return Map.of(a, aBytes);
    }
}
