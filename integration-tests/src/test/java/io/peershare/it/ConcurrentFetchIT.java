package io.peershare.it;

import io.peershare.protocol.api.PingResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Concurrency: one source serves four peers at once, each fetching the same 200 MiB file and a file of
 * its own; every copy is byte-equal (SHA-256) to the original, and the source keeps answering pings while
 * it serves.
 */
class ConcurrentFetchIT {

    private static final int FETCHERS = 4;
    private static final int LARGE_MIB = 200;

    private static Cluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = Cluster.builder().peers(1 + FETCHERS).start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void fourPeersFetchTheSameLargeFileAndDifferentFilesFromOneSourceAtOnce() throws Exception {
        var source = cluster.peer("peer1");
        String largeSha = cluster.randomFile(source, "/tmp/large.bin", LARGE_MIB);
        Shell.Result publishLarge = cluster.peerShell("peer1", "publish", "/tmp/large.bin", "large.bin");
        assertThat(publishLarge.exitCode()).as(publishLarge.toString()).isZero();
        Map<String, String> ownFile = new LinkedHashMap<>();
        Map<String, String> ownSha = new LinkedHashMap<>();
        for (int i = 2; i <= 1 + FETCHERS; i++) {
            String name = "own-" + i + ".bin";
            ownFile.put("peer" + i, name);
            ownSha.put(name, cluster.randomFile(source, "/tmp/" + name, 8 + i));
            assertThat(cluster.peerShell("peer1", "publish", "/tmp/" + name, name).exitCode()).isZero();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> cluster.api().sourceHosts("large.bin").contains("peer1"));
        // The source's copy in its repository is the original the fetched copies must equal.
        assertThat(cluster.sha256(source, Cluster.REPOSITORY + "/large.bin")).isEqualTo(largeSha);

        ExecutorService pool = Executors.newFixedThreadPool(2 * FETCHERS);
        try {
            List<CompletableFuture<Shell.Result>> fetches = new ArrayList<>();
            for (int i = 2; i <= 1 + FETCHERS; i++) {
                String peer = "peer" + i;
                fetches.add(CompletableFuture.supplyAsync(() -> cluster.peerShell(peer, "fetch", "large.bin"), pool));
                fetches.add(CompletableFuture.supplyAsync(() -> cluster.peerShell(peer, "fetch", ownFile.get(peer)), pool));
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new));

            // While the downloads run, the source answers the tracker's pings (the API, and once the shell).
            List<PingResult> pingsDuringTransfer = new ArrayList<>();
            Shell.Result shellPing = null;
            while (!all.isDone()) {
                PingResult ping = cluster.api().ping("peer1");
                if (!all.isDone()) {
                    pingsDuringTransfer.add(ping);
                }
                if (shellPing == null) {
                    shellPing = cluster.trackerShell("ping", "peer1");
                }
                Thread.sleep(200);
            }
            all.join();

            for (CompletableFuture<Shell.Result> fetch : fetches) {
                Shell.Result result = fetch.get();
                assertThat(result.exitCode()).as(result.toString()).isZero();
            }
            assertThat(pingsDuringTransfer).as("pings answered while serving").isNotEmpty()
                    .allSatisfy(p -> assertThat(p.alive()).as(p.toString()).isTrue());
            assertThat(shellPing).isNotNull();
            assertThat(shellPing.exitCode()).as(shellPing.toString()).isZero();
        } finally {
            pool.shutdownNow();
        }

        for (int i = 2; i <= 1 + FETCHERS; i++) {
            var peer = cluster.peer("peer" + i);
            String name = ownFile.get("peer" + i);
            assertThat(cluster.sha256(peer, Cluster.REPOSITORY + "/large.bin")).as("large.bin on peer" + i).isEqualTo(largeSha);
            assertThat(cluster.sha256(peer, Cluster.REPOSITORY + "/" + name)).as(name + " on peer" + i).isEqualTo(ownSha.get(name));
            Shell.Result leftovers = cluster.sh(peer, "find " + Cluster.REPOSITORY + "/.peershare/tmp -type f 2>/dev/null | wc -l");
            assertThat(leftovers.stdout().strip()).as("temporary files left on peer" + i).isEqualTo("0");
        }
        await("every fetcher is a source of large.bin").atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(cluster.api().sourceHosts("large.bin")).containsExactly("peer1", "peer2", "peer3", "peer4", "peer5"));
    }
}
