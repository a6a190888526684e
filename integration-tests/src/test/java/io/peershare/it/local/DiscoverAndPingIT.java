package io.peershare.it.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The tracker's shell: discover and ping of a live peer, of a stopped one and of an unknown one. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscoverAndPingIT {

    @TempDir
    Path work;
    LocalCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = new LocalCluster(work).startTracker();
        cluster.startPeer("alive");
        cluster.startPeer("doomed");
        Path text = TestFiles.text(work.resolve("local"), "readme.txt");
        assertThat(cluster.peer("alive").shell("publish", text.toString(), "readme.txt").exitCode()).isZero();
        assertThat(cluster.peer("doomed").shell("publish", text.toString(), "doomed.txt").exitCode()).isZero();
    }

    @AfterAll
    void stopCluster() throws Exception {
        cluster.close();
    }

    @Test
    void discoverOfALivePeerListsItsFilesLive() throws Exception {
        ShellResult discover = cluster.trackerShell("discover", "alive");

        assertThat(discover.exitCode()).as(discover.toString()).isZero();
        assertThat(discover.stdout()).contains("readme.txt").containsIgnoringCase("live");
    }

    @Test
    void pingOfALivePeerReportsItsRoundTripTime() throws Exception {
        ShellResult ping = cluster.trackerShell("ping", "alive");

        assertThat(ping.exitCode()).as(ping.toString()).isZero();
        assertThat(ping.stdout()).contains("alive").containsPattern("\\d+(\\.\\d+)? ms");
    }

    @Test
    void aKilledPeerIsUnreachableAndDiscoverFallsBackToTheRegistry() throws Exception {
        cluster.peer("doomed").kill();

        ShellResult ping = cluster.trackerShell("ping", "doomed");
        assertThat(ping.exitCode()).as(ping.toString()).isEqualTo(1);
        assertThat(ping.stdout() + ping.stderr()).containsIgnoringCase("unreachable");

        ShellResult discover = cluster.trackerShell("discover", "doomed");
        assertThat(discover.exitCode()).as(discover.toString()).isZero();
        assertThat(discover.stdout()).contains("doomed.txt").containsIgnoringCase("registry");
    }

    @Test
    void anUnknownHostnameIsReportedAsNotFound() throws Exception {
        ShellResult ping = cluster.trackerShell("ping", "nobody-here");

        assertThat(ping.exitCode()).as(ping.toString()).isEqualTo(4);
        assertThat(ping.stderr()).contains("nobody-here");
    }
}
