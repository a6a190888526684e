package io.peershare.tracker.probe;

import io.peershare.protocol.hostile.HostilePeer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A peer that answers a byte at a time never lets a single read time out; only a deadline on the whole
 * exchange stops it. The hostile peer counts the bytes it got out before the probe gave up: a bound, not a timing.
 */
class ProbeDeadlineTest {

    /** Connect 1 s, each read 1 s: the whole exchange gets 2 s (connect + read) when no deadline is given. */
    final PeerProbe probe = new PeerProbe(Duration.ofSeconds(1), Duration.ofSeconds(1));

    @Test
    void shouldGiveUpOnAPeerTricklingItsAnswerWithinTheDeadline() throws IOException {
        // HELLO_ACK (23 bytes) + PONG (16 bytes), one byte every 250 ms: about 10 s when every read is its own clock
        try (HostilePeer peer = HostilePeer.trickle(1, Duration.ofMillis(250)).start()) {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    assertThatThrownBy(() -> probe.ping("127.0.0.1", peer.port())).isInstanceOf(IOException.class)
                            .satisfies(e -> assertThat(PeerProbe.describe((IOException) e)).contains("deadline")));

            assertThat(peer.bytesSent()).as("bytes the trickler got out before the probe hung up").isLessThan(16);
        }
    }

    @Test
    void shouldGiveUpOnAPeerTricklingAListWithinTheDeadline() throws IOException {
        try (HostilePeer peer = HostilePeer.trickle(4, Duration.ofMillis(200)).start()) {
            peer.listing("a.txt", 1, io.peershare.protocol.Sha256.parse("a".repeat(64)));
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    assertThatThrownBy(() -> probe.list("127.0.0.1", peer.port())).isInstanceOf(IOException.class));

            assertThat(peer.bytesSent()).isLessThan(60);
        }
    }

    @Test
    void shouldGiveUpOnAPeerStallingMidFrame() throws IOException {
        try (HostilePeer peer = HostilePeer.stallMidFrame(5).start()) {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    assertThatThrownBy(() -> probe.ping("127.0.0.1", peer.port())).isInstanceOf(IOException.class));
        }
    }
}
