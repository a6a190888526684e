package io.peershare.tracker.probe;

import io.peershare.protocol.Sha256;
import io.peershare.protocol.hostile.HostilePeer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** How many probes run at once, and how much of a peer's LIST a discover keeps. */
class ProbeBoundsTest {

    @Test
    void shouldRefuseAProbeAtOnceWhenEverySlotIsTaken() throws Exception {
        PeerProbe probe = new PeerProbe(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(3), 2, 100, 1 << 20);
        try (HostilePeer stalling = HostilePeer.stallMidFrame(3).start();
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> held = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                held.add(threads.submit(() -> probe.ping("127.0.0.1", stalling.port())));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> stalling.connections() == 2);

            assertThatThrownBy(() -> probe.ping("127.0.0.1", stalling.port()))
                    .isInstanceOfSatisfying(ProbeBusyException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(3));
            assertThat(stalling.connections()).as("the refused probe never connected").isEqualTo(2);
            for (Future<Long> future : held) {
                assertThatThrownBy(future::get).hasCauseInstanceOf(IOException.class);
            }
            assertThat(probe.freeSlots()).isEqualTo(2);
        }
    }

    @Test
    void shouldListAtMostTheBoundAndSayTheAnswerIsTruncated() throws IOException {
        PeerProbe probe = new PeerProbe(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(10), 2, 3000, 1 << 20);
        try (HostilePeer huge = HostilePeer.hugeList(5000).start()) {
            PeerProbe.Listing listing = probe.list("127.0.0.1", huge.port());

            assertThat(listing.files()).hasSize(3000);
            assertThat(listing.truncated()).isTrue();
            assertThat(listing.total()).isEqualTo(5000);
        }
    }

    @Test
    void shouldStopAtTheNameBytesBoundToo() throws IOException {
        PeerProbe probe = new PeerProbe(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(10), 2, 3000, 1000);
        try (HostilePeer huge = HostilePeer.hugeList(500).start()) { // names of 16 bytes: 62 fit in 1000 bytes
            PeerProbe.Listing listing = probe.list("127.0.0.1", huge.port());

            assertThat(listing.files()).hasSize(62);
            assertThat(listing.truncated()).isTrue();
            assertThat(listing.total()).isEqualTo(500);
        }
    }

    @Test
    void shouldRefuseAListWhoseTotalIsALie() throws IOException {
        PeerProbe probe = new PeerProbe(Duration.ofSeconds(1), Duration.ofSeconds(2));
        try (HostilePeer liar = HostilePeer.lyingListTotal(1_000_000_000L).start()) {
            liar.listing("one.txt", 1, Sha256.parse("b".repeat(64)));

            assertThatThrownBy(() -> probe.list("127.0.0.1", liar.port()))
                    .isInstanceOf(IOException.class).hasMessageContaining("empty LIST page");
        }
    }
}
