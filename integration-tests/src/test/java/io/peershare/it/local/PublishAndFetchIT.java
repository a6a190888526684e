package io.peershare.it.local;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** publish on one peer, fetch on another: text, a PNG and a 120 MiB binary arrive byte-equal. */
class PublishAndFetchIT extends LocalClusterSuite {

    @BeforeAll
    void setUp() throws Exception {
        startCluster("alice", "bob", "carol");
    }

    @Test
    void textFileArrivesByteEqualAndTheFetcherBecomesASource() throws Exception {
        Path original = TestFiles.text(work.resolve("local"), "notes.txt");
        publish("alice", original, "notes.txt");

        ShellResult fetch = cluster.peer("bob").shell("fetch", "notes.txt");

        assertThat(fetch.exitCode()).as(fetch + cluster.logs()).isZero();
        assertThat(Files.mismatch(original, cluster.peer("bob").file("notes.txt"))).isEqualTo(-1);
        await().atMost(LocalCluster.TTL).untilAsserted(() ->
                assertThat(cluster.sourcesOf("notes.txt")).containsExactlyInAnyOrder("alice", "bob"));
    }

    @Test
    void pngImageArrivesByteEqual() throws Exception {
        Path original = TestFiles.png(work.resolve("local"), "cat.png");
        publish("alice", original, "cat picture.png");

        ShellResult fetch = cluster.peer("carol").shell("fetch", "cat picture.png");

        assertThat(fetch.exitCode()).as(fetch.toString()).isZero();
        assertThat(Files.mismatch(original, cluster.peer("carol").file("cat picture.png"))).isEqualTo(-1);
    }

    @Test
    void largeBinaryArrivesByteEqualAndFetchingItAgainIsANoOp() throws Exception {
        Path original = TestFiles.random(work.resolve("local"), "big.bin", 120, 42);
        publish("bob", original, "big.bin");

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
        publish("alice", original, "draft.txt");
        Files.writeString(original, "edited after publishing");

        ShellResult fetch = cluster.peer("carol").shell("fetch", "draft.txt");

        assertThat(fetch.exitCode()).as(fetch.toString()).isZero();
        assertThat(TestFiles.sha256(cluster.peer("carol").file("draft.txt"))).isEqualTo(announced);
    }
}
