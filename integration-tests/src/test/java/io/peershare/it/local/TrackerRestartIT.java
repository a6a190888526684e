package io.peershare.it.local;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Soft state: a restarted tracker is repopulated by the peers without anyone acting. */
class TrackerRestartIT extends LocalClusterSuite {

    @BeforeAll
    void setUp() throws Exception {
        startCluster("one", "two", "three");
    }

    @Test
    void peersAndTheirFilesAreBackAfterATrackerRestartAndFetchWorks() throws Exception {
        Path original = TestFiles.text(work.resolve("local"), "survivor.txt");
        publish("one", original, "survivor.txt");

        cluster.restartTracker();

        await("peers re-registered").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().untilAsserted(() -> {
                    for (String peer : new String[] {"one", "two", "three"}) {
                        assertThat(cluster.peerView(peer).getBoolean("live")).isTrue();
                    }
                    assertThat(cluster.sourcesOf("survivor.txt")).containsExactly("one");
                });
        ShellResult fetch = cluster.peer("three").shell("fetch", "survivor.txt");
        assertThat(fetch.exitCode()).as(fetch + cluster.logs()).isZero();
        assertThat(Files.mismatch(original, cluster.peer("three").file("survivor.txt"))).isEqualTo(-1);
    }
}
