package io.peershare.it.local;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The tracker's shell: discover and ping of a live peer, of a stopped one and of an unknown one. */
class DiscoverAndPingIT extends LocalClusterSuite {

    @BeforeAll
    void setUp() throws Exception {
        startCluster("alive", "doomed");
        Path text = TestFiles.text(work.resolve("local"), "readme.txt");
        publish("alive", text, "readme.txt");
        publish("doomed", text, "doomed.txt");
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
