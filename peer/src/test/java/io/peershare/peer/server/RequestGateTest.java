package io.peershare.peer.server;

import io.peershare.peer.repository.FileHasher;
import io.peershare.peer.repository.Repository;
import io.peershare.protocol.hostile.HostileClient;
import io.peershare.protocol.hostile.HostileClient.Behaviour;
import io.peershare.protocol.wire.ErrorCode;
import io.peershare.protocol.wire.ErrorMessage;
import io.peershare.protocol.wire.Hello;
import io.peershare.protocol.wire.HelloAck;
import io.peershare.protocol.wire.MessageType;
import io.peershare.protocol.wire.Ping;
import io.peershare.protocol.wire.Pong;
import io.peershare.protocol.wire.WireClient;
import io.peershare.protocol.wire.WireCodec;
import io.peershare.protocol.wire.WireLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server's deadlines and limits on connections that have not (yet) sent a complete request: what a
 * slowloris attacker does. The socket timeout is long (30 s) throughout, so only the request deadline
 * (1 s here) can close a trickle.
 */
class RequestGateTest {

    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);

    @TempDir
    Path dir;
    Repository repository;
    FileServer server;

    @BeforeEach
    void setUp() throws IOException {
        repository = Repository.open(dir.resolve("repo"), new FileHasher());
        repository.publish(Files.writeString(dir.resolve("a.txt"), "a"), "a.txt", false);
    }

    private void start(int maxConnections) throws IOException {
        server = new FileServer(repository, ServerSettings.of("127.0.0.1", 0, maxConnections, SOCKET_TIMEOUT)
                .withRequestTimeout(REQUEST_TIMEOUT));
        server.start();
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    private Socket raw() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    @Test
    void shouldCloseATrickleThatNeverCompletesItsHelloAlthoughEachByteComesInTime() throws Exception {
        start(64);
        // one byte every 300 ms: each read is far inside the socket timeout, the 25-byte HELLO would take 7.5 s
        try (HostileClient hostile = HostileClient.against("127.0.0.1", server.port(), Duration.ofMillis(300))) {
            int opened = hostile.open(20, Behaviour.TRICKLE) + hostile.open(20, Behaviour.IDLE)
                    + hostile.open(20, Behaviour.STALL_MID_FRAME);
            await().atMost(Duration.ofSeconds(15)).until(() -> hostile.closedByServer() == opened);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.activeConnections() == 0);
        }
    }

    @Test
    void shouldCloseAFrameTrickledAfterTheHandshake() throws Exception {
        start(64);
        try (Socket socket = raw()) {
            OutputStream out = socket.getOutputStream();
            out.write(WireCodec.encode(new Hello(1, 1, "slow")));
            assertThat(WireCodec.read(socket.getInputStream())).isInstanceOf(HelloAck.class);
            byte[] ping = WireCodec.encode(new Ping(1));
            long started = System.nanoTime();
            int sent = 0;
            try {
                for (; sent < ping.length; sent++) {
                    out.write(ping[sent]);
                    out.flush();
                    Thread.sleep(300);
                }
            } catch (IOException e) {
                // the server closed it: what we want
            }
            assertThat(sent).as("bytes of a 16-byte PING the server took at one byte per 300 ms").isLessThan(ping.length);
            assertThat(endOfStreamOrReset(socket)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(SOCKET_TIMEOUT);
        }
    }

    @Test
    void shouldLetAClientInWhenFullOfConnectionsThatNeverGreeted() throws Exception {
        start(8);
        try (HostileClient hostile = HostileClient.against("127.0.0.1", server.port(), Duration.ofSeconds(10))) {
            assertThat(hostile.open(8, Behaviour.IDLE)).isEqualTo(8);
            await().until(() -> server.activeConnections() == 8);
            try (WireClient client = WireClient.connect("127.0.0.1", server.port(), Duration.ofSeconds(2), Duration.ofSeconds(5), "real")) {
                assertThat(client.ping()).isPositive();
            }
            assertThat(hostile.closedByServer()).as("silent sockets replaced by the real client").isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void shouldAnswerBusyWhenFullOfClientsThatGreeted() throws Exception {
        start(4);
        try (HostileClient hostile = HostileClient.against("127.0.0.1", server.port(), Duration.ofSeconds(10))) {
            hostile.open(4, Behaviour.HELLO_THEN_IDLE);
            int ack = WireCodec.encode(new HelloAck(2, ServerSettings.of("127.0.0.1", 0, 4, SOCKET_TIMEOUT).agent())).length;
            await().until(() -> hostile.bytesReceived() >= 4 * ack); // all four greeted
            try (Socket socket = raw()) {
                socket.getOutputStream().write(WireCodec.encode(new Hello(1, 2, "late")));
                assertThat(WireCodec.read(socket.getInputStream())).isInstanceOfSatisfying(ErrorMessage.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.BUSY));
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            }
            assertThat(hostile.closedByServer()).isZero();
        }
    }

    @Test
    void shouldRefuseAnAnswerTypeFromItsHeaderWithoutWaitingForItsPayload() throws IOException {
        start(8);
        try (Socket socket = raw()) {
            socket.getOutputStream().write(header(MessageType.LIST_RESULT, WireLimits.MAX_PAYLOAD_BYTES));
            assertThat(WireCodec.read(socket.getInputStream())).isInstanceOfSatisfying(ErrorMessage.class,
                    e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNEXPECTED_MESSAGE));
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void shouldRefuseARequestLongerThanTheLargestRequestFromItsHeader() throws IOException {
        start(8);
        try (Socket socket = raw()) {
            socket.getOutputStream().write(header(MessageType.HELLO, WireLimits.MAX_REQUEST_PAYLOAD_BYTES + 1));
            assertThat(WireCodec.read(socket.getInputStream())).isInstanceOfSatisfying(ErrorMessage.class,
                    e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FRAME_TOO_LARGE));
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void shouldAnswerPipelinedPingsInOrderAcrossPartialWrites() throws Exception {
        start(8);
        try (Socket socket = raw()) {
            OutputStream out = socket.getOutputStream();
            out.write(WireCodec.encode(new Hello(1, 2, "pipeliner")));
            assertThat(WireCodec.read(socket.getInputStream())).isInstanceOf(HelloAck.class);
            byte[] all = new byte[0];
            for (int i = 1; i <= 16; i++) {
                all = concat(all, WireCodec.encode(new Ping(i), 2));
            }
            out.write(all, 0, 100); // split inside a frame: the rest arrives later
            out.flush();
            Thread.sleep(50);
            out.write(all, 100, all.length - 100);
            for (int i = 1; i <= 16; i++) {
                assertThat(WireCodec.read(socket.getInputStream(), 2)).isEqualTo(new Pong(i));
            }
        }
    }

    /** Closed by the server: end of stream, or a reset if our later bytes reached a socket already closed. */
    private static boolean endOfStreamOrReset(Socket socket) {
        try {
            return socket.getInputStream().read() == -1;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("reset");
        }
    }

    private static byte[] header(MessageType type, int payloadLength) {
        return new byte[] {0x50, 0x53, 1, (byte) type.id(), (byte) (payloadLength >>> 24), (byte) (payloadLength >>> 16),
                (byte) (payloadLength >>> 8), (byte) payloadLength};
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
