package io.peershare.it.local;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** One peer serves three different files to three peers at the same time. */
class ConcurrentFetchIT extends LocalClusterSuite {

    @BeforeAll
    void setUp() throws Exception {
        startCluster("source", "f1", "f2", "f3");
    }

    @Test
    void threePeersFetchDifferentFilesFromOnePeerAtOnce() throws Exception {
        List<Path> originals = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Path original = TestFiles.random(work.resolve("local"), "part" + i + ".bin", 40, i);
            originals.add(original);
            publish("source", original, "part" + i + ".bin");
        }

        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<ShellResult>> fetches = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                LocalPeer fetcher = cluster.peer("f" + i);
                String name = "part" + i + ".bin";
                fetches.add(pool.submit(() -> fetcher.shell("fetch", name)));
            }
            for (int i = 1; i <= 3; i++) {
                ShellResult result = fetches.get(i - 1).get();
                assertThat(result.exitCode()).as(result + cluster.logs()).isZero();
                assertThat(TestFiles.sha256(cluster.peer("f" + i).file("part" + i + ".bin")))
                        .isEqualTo(TestFiles.sha256(originals.get(i - 1)));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
