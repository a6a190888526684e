package io.peershare.protocol.hostile;

import io.peershare.protocol.PieceHasher;
import io.peershare.protocol.Sha256;
import io.peershare.protocol.wire.DataHeader;
import io.peershare.protocol.wire.Get;
import io.peershare.protocol.wire.WireClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hostile peer does what it says, so tests built on it (tracker, peer) test what they think they test. */
class HostilePeerTest {

    static final byte[] BYTES = "the quick brown fox jumps over the lazy dog".getBytes();
    static final Duration SECOND = Duration.ofSeconds(1);

    static Sha256 sha() {
        PieceHasher hasher = new PieceHasher();
        hasher.update(BYTES, 0, BYTES.length);
        return hasher.finish().sha256();
    }

    @Test
    void shouldServeHonestlyWhenToldNothing() throws IOException {
        try (HostilePeer peer = HostilePeer.honest().serving("fox.txt", BYTES).start();
             WireClient client = WireClient.connect("127.0.0.1", peer.port(), SECOND, SECOND, "test")) {
            assertThat(client.list()).singleElement().satisfies(f -> assertThat(f.size()).isEqualTo(BYTES.length));
            DataHeader header = client.get("fox.txt", sha(), 0, Get.TO_END);
            assertThat(client.data().readNBytes((int) header.length())).isEqualTo(BYTES);
            assertThat(client.manifest("fox.txt", sha(), BYTES.length).fileSize()).isEqualTo(BYTES.length);
        }
    }

    @Test
    void shouldSendWrongBytesAfterACorrectDataHeader() throws IOException {
        try (HostilePeer peer = HostilePeer.wrongData().serving("fox.txt", BYTES).start();
             WireClient client = WireClient.connect("127.0.0.1", peer.port(), SECOND, SECOND, "test")) {
            DataHeader header = client.get("fox.txt", sha(), 0, Get.TO_END);
            byte[] got = client.data().readNBytes((int) header.length());
            assertThat(got).hasSize(BYTES.length);
            assertThat(Arrays.equals(got, BYTES)).isFalse();
        }
    }

    @Test
    void shouldLieAboutTheManifestSizeSoACarefulClientRefusesIt() throws IOException {
        try (HostilePeer peer = HostilePeer.lyingManifestSize(1 << 30).serving("fox.txt", BYTES).start();
             WireClient client = WireClient.connect("127.0.0.1", peer.port(), SECOND, SECOND, "test")) {
            assertThatThrownBy(() -> client.manifest("fox.txt", sha(), BYTES.length))
                    .isInstanceOf(IOException.class).hasMessageContaining("manifest of a file of");
        }
    }

    @Test
    void shouldStallMidFrameAndCountTheClientGivingUp() throws IOException {
        try (HostilePeer peer = HostilePeer.stallMidFrame(4).start()) {
            assertThatThrownBy(() -> WireClient.connect("127.0.0.1", peer.port(), SECOND, Duration.ofMillis(300), "test"))
                    .isInstanceOf(IOException.class);
            assertThat(peer.bytesSent()).isEqualTo(4);
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos(); // a hang guard, no Awaitility in this module
            while (peer.cutOff() == 0 && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            assertThat(peer.cutOff()).isEqualTo(1);
        }
    }
}
