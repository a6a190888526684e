package io.peershare.tracker.probe;

import io.peershare.protocol.api.FileEntry;
import io.peershare.tracker.TestWireServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The probe against a real in-test wire server, and the reasons it gives when a peer does not answer. */
class PeerProbeTest {

    final PeerProbe probe = new PeerProbe(Duration.ofSeconds(1), Duration.ofMillis(300));

    @Test
    void shouldMeasureAPingRoundTrip() throws IOException {
        try (TestWireServer server = new TestWireServer()) {
            assertThat(probe.ping("127.0.0.1", server.port())).isPositive();
        }
    }

    @Test
    void shouldListEveryFileAcrossPagesWithLowercaseHashes() throws IOException {
        try (TestWireServer server = new TestWireServer()) {
            server.serve(IntStream.range(0, 10)
                    .mapToObj(i -> TestWireServer.file("f" + i, i, "%064x".formatted(i + 10))).toList());

            List<FileEntry> files = probe.list("127.0.0.1", server.port()).files();

            assertThat(files).hasSize(10);
            assertThat(files.get(9)).isEqualTo(new FileEntry("f9", 9, "%064x".formatted(19)));
        }
    }

    @Test
    void shouldSayConnectionRefusedWhenNothingListens() throws IOException {
        int closed = TestWireServer.closedPort();

        assertThatThrownBy(() -> probe.ping("127.0.0.1", closed))
                .isInstanceOfSatisfying(IOException.class, e -> assertThat(PeerProbe.describe(e)).isEqualTo("connection refused"));
    }

    @Test
    void shouldSayReadTimedOutWhenThePeerAcceptsButNeverAnswers() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> probe.ping("127.0.0.1", silent.getLocalPort()))
                    .isInstanceOfSatisfying(IOException.class, e -> assertThat(PeerProbe.describe(e)).isEqualTo("read timed out"));
        }
    }

    @Test
    void shouldNameTheProblemWhenSomethingElseAnswers() throws IOException {
        try (ServerSocket notAPeer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket socket = notAPeer.accept()) {
                    socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                } catch (IOException ignored) {
                    // the test only cares about what the probe says
                }
            });

            assertThatThrownBy(() -> probe.ping("127.0.0.1", notAPeer.getLocalPort()))
                    .isInstanceOfSatisfying(IOException.class, e -> assertThat(PeerProbe.describe(e)).contains("not a peershare peer"));
        }
    }
}
