package io.peershare.it.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** publish on one peer, fetch on another: text, a PNG and a 120 MiB binary arrive byte-equal. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishAndFetchIT {

    @TempDir
    Path work;
    LocalCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = new LocalCluster(work).startTracker();
        cluster.startPeer("alice");
        cluster.startPeer("bob");
        cluster.startPeer("carol");
    }

    @AfterAll
    void stopCluster() throws Exception {
        cluster.close();
    }

    @Test
    void textFileArrivesByteEqualAndTheFetcherBecomesASource() throws Exception {
        Path original = TestFiles.text(work.resolve("local"), "notes.txt");
        assertThat(cluster.peer("alice").shell("publish", original.toString(), "notes.txt").exitCode()).isZero();

        ShellResult fetch = cluster.peer("bob").shell("fetch", "notes.txt");

        assertThat(fetch.exitCode()).as(fetch + cluster.logs()).isZero();
        assertThat(Files.mismatch(original, cluster.peer("bob").file("notes.txt"))).isEqualTo(-1);
        await().atMost(LocalCluster.TTL).untilAsserted(() ->
                assertThat(cluster.sourcesOf("notes.txt")).containsExactlyInAnyOrder("alice", "bob"));
    }

    @Test
    void pngImageArrivesByteEqual() throws Exception {
        Path original = TestFiles.png(work.resolve("local"), "cat.png");
        assertThat(cluster.peer("alice").shell("publish", original.toString(), "cat picture.png").exitCode()).isZero();

        ShellResult fetch = cluster.peer("carol").shell("fetch", "cat picture.png");

        assertThat(fetch.exitCode()).as(fetch.toString()).isZero();
        assertThat(Files.mismatch(original, cluster.peer("carol").file("cat picture.png"))).isEqualTo(-1);
    }

    @Test
    void largeBinaryArrivesByteEqualAndFetchingItAgainIsANoOp() throws Exception {
        Path original = TestFiles.random(work.resolve("local"), "big.bin", 120, 42);
        assertThat(cluster.peer("bob").shell("publish", original.toString(), "big.bin").exitCode()).isZero();

        ShellResult fetch = cluster.peer("alice").shell("fetch", "big.bin");
        assertThat(fetch.exitCode()).as(fetch + cluster.logs()).isZero();
        assertThat(TestFiles.sha256(cluster.peer("alice").file("big.bin"))).isEqualTo(TestFiles.sha256(original));

        ShellResult again = cluster.peer("alice").shell("fetch", "big.bin");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.stdout() + again.stderr()).containsIgnoringCase("already");
    }

    @Test
    void publishedCopyIsIndependentOfTheOriginal() throws Exception {
        Path original = TestFiles.text(work.resolve("local"), "draft.txt");
        String announced = TestFiles.sha256(original);
        assertThat(cluster.peer("alice").shell("publish", original.toString(), "draft.txt").exitCode()).isZero();
        Files.writeString(original, "edited after publishing");

        ShellResult fetch = cluster.peer("carol").shell("fetch", "draft.txt");

        assertThat(fetch.exitCode()).as(fetch.toString()).isZero();
        assertThat(TestFiles.sha256(cluster.peer("carol").file("draft.txt"))).isEqualTo(announced);
    }
}
