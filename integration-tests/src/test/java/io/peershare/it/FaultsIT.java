package io.peershare.it;

import io.peershare.protocol.api.PeerView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.GenericContainer;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults: a source dies in the middle of a transfer, the tracker restarts, a peer drops off the network.
 * A source killed gets a cluster of its own, removed at the end whatever happens. The tracker restart and the
 * peer cut off share one cluster (a boot less on CI's two cores), in that order: the restart leaves every peer
 * registered again, which the cut-off scenario starts from, and each uses files of its own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {

    private static final int LARGE_MIB = 200;
    /** 200 MiB at 160 Mbit/s is about 10 s: long enough to kill the source in the middle. */
    private static final String SLOW_LINK = "160mbit";
    /** A TTL, plus a heartbeat, plus slack for a loaded 2-core machine. */
    private static final Duration WITHIN_TTL =
            Duration.ofSeconds(Cluster.TTL_SECONDS + Cluster.HEARTBEAT_SECONDS + 4);

    @Test
    void aSourceKilledMidTransferFailsOverToAnotherSource() throws Exception {
        try (Cluster cluster = Cluster.builder().peers(3).netAdmin().start()) {
            String sha = cluster.randomFile(cluster.peer("peer1"), "/tmp/movie.bin", LARGE_MIB);
            assertThat(cluster.peerShell("peer1", "publish", "/tmp/movie.bin", "movie.bin").exitCode()).isZero();
            Shell.Result second = cluster.peerShell("peer2", "fetch", "movie.bin");
            assertThat(second.exitCode()).as(second.toString()).isZero();
            await().atMost(WITHIN_TTL).until(() -> cluster.api().sourceHosts("movie.bin").size() == 2);
            cluster.throttle(cluster.peer("peer1"), SLOW_LINK);
            cluster.throttle(cluster.peer("peer2"), SLOW_LINK);

            CompletableFuture<Shell.Result> fetch = CompletableFuture.supplyAsync(() -> cluster.peerShell("peer3", "fetch", "movie.bin"));
            GenericContainer<?> serving = awaitServingSource(cluster, "peer1", "peer2");
            awaitPartialDownload(cluster, cluster.peer("peer3"));
            cluster.kill(serving);

            Shell.Result result = fetch.get();
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(cluster.sha256(cluster.peer("peer3"), Cluster.REPOSITORY + "/movie.bin")).isEqualTo(sha);
        }
    }

    @Test
    void theOnlySourceKilledMidTransferFailsCleanlyKeepingTheVerifiedPiecesForAResume() throws Exception {
        try (Cluster cluster = Cluster.builder().peers(2).netAdmin().start()) {
            cluster.randomFile(cluster.peer("peer1"), "/tmp/movie.bin", LARGE_MIB);
            assertThat(cluster.peerShell("peer1", "publish", "/tmp/movie.bin", "movie.bin").exitCode()).isZero();
            await().atMost(WITHIN_TTL).until(() -> cluster.api().sourceHosts("movie.bin").contains("peer1"));
            cluster.throttle(cluster.peer("peer1"), SLOW_LINK);

            CompletableFuture<Shell.Result> fetch = CompletableFuture.supplyAsync(() -> cluster.peerShell("peer2", "fetch", "movie.bin"));
            awaitPartialDownload(cluster, cluster.peer("peer2"));
            cluster.kill(cluster.peer("peer1"));

            Shell.Result result = fetch.get();
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.output()).as("names what failed").contains("movie.bin")
                    .contains("pieces are kept: fetch again to resume");
            assertThat(cluster.sha256(cluster.peer("peer2"), Cluster.REPOSITORY + "/movie.bin"))
                    .as("no partial file under the final name").isNull();
            assertThat(partialBytes(cluster, cluster.peer("peer2"))).as("verified pieces kept for a resume").isPositive();
            assertThat(cluster.api().files("peer2")).as("peer2 announces nothing it does not hold").isEmpty();
        }
    }

    private static Cluster shared;

    /** The cluster of the tracker-restart and cut-off scenarios, started by the first of them. */
    private static Cluster shared() {
        if (shared == null) {
            shared = Cluster.builder().peers(3).start();
        }
        return shared;
    }

    @AfterAll
    static void stopShared() {
        if (shared != null) {
            shared.close();
        }
    }

    @Test
    @Order(1)
    void aRestartedTrackerIsRepopulatedByThePeersWithinOneTtl() {
        Cluster cluster = shared();
        String sha = cluster.randomFile(cluster.peer("peer1"), "/tmp/album.bin", 2);
        assertThat(cluster.peerShell("peer1", "publish", "/tmp/album.bin", "album.bin").exitCode()).isZero();
        await().atMost(WITHIN_TTL).until(() -> cluster.api().sourceHosts("album.bin").contains("peer1"));

        cluster.restartTracker();
        long readyAt = System.nanoTime();
        await("registry rebuilt by the peers").atMost(WITHIN_TTL).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(cluster.api().peers()).extracting(PeerView::hostname).contains("peer1", "peer2");
            assertThat(cluster.api().sourceHosts("album.bin")).containsExactly("peer1");
        });
        System.out.printf("registry rebuilt %.1f s after the tracker was ready%n", (System.nanoTime() - readyAt) / 1e9);

        Shell.Result fetch = cluster.peerShell("peer2", "fetch", "album.bin");
        assertThat(fetch.exitCode()).as(fetch.toString()).isZero();
        assertThat(cluster.sha256(cluster.peer("peer2"), Cluster.REPOSITORY + "/album.bin")).isEqualTo(sha);
    }

    @Test
    @Order(2)
    void aPeerCutOffFromTheNetworkStopsBeingASourceAfterTheTtl() {
        Cluster cluster = shared();
        String sha = cluster.randomFile(cluster.peer("peer1"), "/tmp/shared.bin", 2);
        assertThat(cluster.peerShell("peer1", "publish", "/tmp/shared.bin", "shared.bin").exitCode()).isZero();
        await().atMost(WITHIN_TTL).until(() -> cluster.api().sourceHosts("shared.bin").contains("peer1"));
        assertThat(cluster.peerShell("peer2", "fetch", "shared.bin").exitCode()).isZero();
        await().atMost(WITHIN_TTL).until(() -> cluster.api().sourceHosts("shared.bin").equals(List.of("peer1", "peer2")));

        cluster.disconnect(cluster.peer("peer2"));
        long cutAt = System.nanoTime();
        await("peer2 dropped from the sources").atMost(WITHIN_TTL).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(cluster.api().sourceHosts("shared.bin")).containsExactly("peer1"));
        System.out.printf("peer2 dropped %.1f s after it was cut off%n", (System.nanoTime() - cutAt) / 1e9);
        Optional<PeerView> peer2 = cluster.api().peer("peer2");
        peer2.ifPresent(p -> assertThat(p.live()).as("listed but not live").isFalse());

        Shell.Result fetch = cluster.peerShell("peer3", "fetch", "shared.bin");
        assertThat(fetch.exitCode()).as(fetch.toString()).isZero();
        assertThat(cluster.sha256(cluster.peer("peer3"), Cluster.REPOSITORY + "/shared.bin")).isEqualTo(sha);
    }

    /** The source with an established connection from a fetcher on the wire port. */
    private static GenericContainer<?> awaitServingSource(Cluster cluster, String... candidates) {
        GenericContainer<?>[] serving = new GenericContainer<?>[1];
        await("a source is serving").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (String name : candidates) {
                var peer = cluster.peer(name);
                // Send-Q above zero: bytes are flowing on a connection from the wire port (not just a PING).
                Shell.Result ss = cluster.sh(peer, "ss -tnH state established '( sport = :" + Cluster.PEER_PORT + " )' | awk '$2 > 0' | wc -l");
                if (ss.exitCode() == 0 && !ss.stdout().strip().equals("0")) {
                    serving[0] = peer;
                    return true;
                }
            }
            return false;
        });
        return serving[0];
    }

    /** Waits until the fetcher holds part of the file in its partial folder: the transfer is under way. */
    private static void awaitPartialDownload(Cluster cluster, GenericContainer<?> fetcher) {
        await("download under way").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> partialBytes(cluster, fetcher) > 20L * 1024 * 1024);
    }

    /** Bytes on disk of the downloads in progress (sparse files count only what was written). */
    private static long partialBytes(Cluster cluster, GenericContainer<?> fetcher) {
        Shell.Result size = cluster.sh(fetcher, "du -sB1 " + Cluster.REPOSITORY + "/.peershare/partial 2>/dev/null | cut -f1");
        String bytes = size.stdout().strip();
        return bytes.isEmpty() ? 0 : Long.parseLong(bytes);
    }
}
