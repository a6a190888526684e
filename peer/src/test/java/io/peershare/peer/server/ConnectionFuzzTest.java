package io.peershare.peer.server;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peershare.peer.repository.FileHasher;
import io.peershare.peer.repository.Repository;
import io.peershare.protocol.wire.DataHeader;
import io.peershare.protocol.wire.ErrorCode;
import io.peershare.protocol.wire.ErrorMessage;
import io.peershare.protocol.wire.HelloAck;
import io.peershare.protocol.wire.Message;
import io.peershare.protocol.wire.WireCodec;
import io.peershare.protocol.wire.WireLimits;
import org.junit.jupiter.api.AfterAll;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Fuzzing of the server's handling of one connection (docs/fuzzing.md): any bytes a client sends, then it stops
 * sending. The server must answer with well-formed frames in the connection's version (DATA followed by exactly
 * its raw bytes) and close, within a bound; a fatal ERROR is its last frame; and its own code must never fail
 * ({@link FileServer#unexpectedFailures()}). One real server on loopback serves every input: a small repository
 * with a.txt ("hello\n") and big.bin (1 MiB + 5 zero bytes, two pieces), as the seeds expect.
 */
class ConnectionFuzzTest {

    /** A hang guard, far above anything the server needs: its request deadline is 1 s. */
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private static Path dir;
    private static FileServer server;

    private static synchronized FileServer server() throws IOException {
        if (server == null) {
            dir = Files.createTempDirectory("connection-fuzz");
            Repository repository = Repository.open(dir.resolve("repo"), new FileHasher());
            repository.publish(Files.writeString(dir.resolve("a.txt"), "hello\n"), "a.txt", false);
            repository.publish(Files.write(dir.resolve("big.bin"), new byte[WireLimits.PIECE_SIZE + 5]), "big.bin", false);
            server = new FileServer(repository, ServerSettings.of("127.0.0.1", 0, 64, Duration.ofSeconds(5))
                    .withRequestTimeout(Duration.ofSeconds(1)));
            server.start();
        }
        return server;
    }

    @AfterAll
    static synchronized void stop() throws IOException {
        if (server != null) {
            server.close();
            server = null;
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @FuzzTest(maxDuration = "5m")
    void anyBytesFromAClient(byte[] input) throws IOException {
        FileServer server = server();
        // Jazzer's SSRF detector flags every connect; this one goes to the server under test, on purpose.
        try (SilentCloseable allowed = BugDetectors.allowNetworkConnections((host, port) -> port == server.port());
             Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            try {
                socket.getOutputStream().write(input); // loopback buffers take a fuzz input whole
                socket.shutdownOutput();
            } catch (SocketException e) {
                return; // the server refused early and reset: a fine outcome, nothing to read
            }
            readAnswers(new BufferedInputStream(socket.getInputStream()));
        }
        assertThat(server.unexpectedFailures()).as("failures of the server's own code").isZero();
    }

    /** Reads frames until the server closes: well-formed, in the connection's version, DATA with its bytes. */
    private static void readAnswers(InputStream in) throws IOException {
        int version = WireLimits.HANDSHAKE_VERSION;
        try {
            while (true) {
                int first = in.read();
                if (first < 0) {
                    return; // closed between frames
                }
                Message answer = WireCodec.read(new java.io.SequenceInputStream(
                        new java.io.ByteArrayInputStream(new byte[] {(byte) first}), in), version);
                switch (answer) {
                    case HelloAck ack -> version = ack.version();
                    case DataHeader data -> skipExactly(in, data.length());
                    case ErrorMessage error when ErrorCode.fromCode(error.code()).fatal() -> {
                        assertThat(in.read()).as("nothing after a fatal %s", error).isEqualTo(-1);
                        return;
                    }
                    default -> { }
                }
            }
        } catch (SocketTimeoutException e) {
            fail("the server neither answered nor closed within " + READ_TIMEOUT_MILLIS + " ms");
        } catch (SocketException e) {
            assertThat(e.getMessage()).as("only a reset may end the exchange early").containsIgnoringCase("reset");
        }
    }

    private static void skipExactly(InputStream in, long length) throws IOException {
        long left = length;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("DATA announced " + length + " bytes, " + (length - left) + " came");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }
}
