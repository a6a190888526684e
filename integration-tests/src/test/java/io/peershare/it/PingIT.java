package io.peershare.it;

import io.peershare.protocol.api.PingResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ping: {@code tracker ping <host>} tells alive (exit 0, with a round-trip time) from unreachable
 * (exit 1: a killed container), and a peer that accepts connections but never answers (a paused container)
 * is given up on by the probe's own deadline (the answer says it timed out; no wall-clock bound here: a shell's
 * JVM start on a loaded 2-core machine varies more than the deadline). A cleanly stopped peer withdrew, so it
 * is unknown (4).
 */
class PingIT {

    /** A hang guard only, far above the probe deadlines: the test asserts why the probe gave up, not how fast. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    private static Cluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = Cluster.builder().peers(4).start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aLivePeerAnswersWithARoundTripTime() {
        PingResult result = cluster.api().ping("peer1");
        assertThat(result.alive()).as(result.toString()).isTrue();
        assertThat(result.rttMillis()).isNotNull().isGreaterThanOrEqualTo(0.0).isLessThan(1000.0);
        assertThat(result.port()).isEqualTo(Cluster.PEER_PORT);

        Shell.Result ping = cluster.trackerShell("ping", "peer1");
        assertThat(ping.exitCode()).as(ping.toString()).isZero();
        assertThat(ping.stdout()).contains("peer1").containsPattern("\\d+(\\.\\d+)?\\s*ms");
    }

    @Test
    void aKilledPeerIsReportedUnreachable() {
        cluster.kill(cluster.peer("peer2"));

        PingResult result = cluster.api().ping("peer2");
        assertThat(result.alive()).isFalse();
        assertThat(result.error()).isNotBlank();

        Shell.Result ping = cluster.trackerShell("ping", "peer2");
        assertThat(ping.exitCode()).as(ping.toString()).isEqualTo(1);
        assertThat(ping.output()).contains("peer2");
    }

    @Test
    void aCleanlyStoppedPeerHasWithdrawnAndIsUnknown() {
        // docker stop: SIGTERM, and the daemon withdraws from the tracker before it exits (unlike a kill).
        cluster.stop(cluster.peer("peer4"));

        assertThat(cluster.api().peer("peer4")).as("withdrawn from the registry").isEmpty();
        Shell.Result ping = cluster.trackerShell("ping", "peer4");
        assertThat(ping.exitCode()).as(ping.toString()).isEqualTo(4);
        assertThat(ping.output()).contains("peer4");
    }

    @Test
    void aPausedPeerIsGivenUpOnByTheProbeDeadline() {
        var peer3 = cluster.peer("peer3");
        cluster.pause(peer3);
        try {
            long started = System.nanoTime();
            PingResult result = cluster.api().ping("peer3");
            Duration apiTook = Duration.ofNanos(System.nanoTime() - started);
            assertThat(result.alive()).as(result.toString()).isFalse();
            assertThat(result.error()).as("the probe's deadline gave up, the peer never answered").containsAnyOf("timed out", "deadline");
            assertThat(apiTook).isLessThan(HANG_GUARD);

            started = System.nanoTime();
            Shell.Result ping = cluster.trackerShell("ping", "peer3");
            Duration shellTook = Duration.ofNanos(System.nanoTime() - started);
            assertThat(ping.exitCode()).as(ping.toString()).isEqualTo(1);
            assertThat(ping.output()).as(ping.toString()).containsAnyOf("timed out", "deadline");
            assertThat(shellTook).isLessThan(HANG_GUARD);
        } finally {
            cluster.unpause(peer3);
        }
        Shell.Result again = cluster.trackerShell("ping", "peer3");
        assertThat(again.exitCode()).as("alive again once unpaused: " + again).isZero();
    }

    @Test
    void anUnknownHostIsNotFound() {
        Shell.Result ping = cluster.trackerShell("ping", "peer9");
        assertThat(ping.exitCode()).as(ping.toString()).isEqualTo(4);
        cluster.api().given().post("/peers/{hostname}/ping", "peer9").then().statusCode(404);
    }
}
