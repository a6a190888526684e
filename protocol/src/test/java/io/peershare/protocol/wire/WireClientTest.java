package io.peershare.protocol.wire;

import io.peershare.protocol.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.peershare.protocol.wire.Frames.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@link WireClient} against a real socket on 127.0.0.1, one scripted server per scenario. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WireClientTest {

    static final Duration CONNECT = Duration.ofSeconds(2);
    static final Duration READ = Duration.ofSeconds(5);
    static final byte[] CONTENT = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
    static final Sha256 CONTENT_SHA = new Sha256(Sha256.newDigest().digest(CONTENT));

    private static WireClient connect(TinyServer server) throws IOException {
        return connect(server, READ);
    }

    private static WireClient connect(TinyServer server, Duration readTimeout) throws IOException {
        return WireClient.connect("127.0.0.1", server.port(), CONNECT, readTimeout, "test-agent/1");
    }

    /** Serves GET of CONTENT like a v1 server, answering with exactly the bytes asked for. */
    private static void serveGet(TinyServer.Conversation c, Get get) throws IOException {
        long length = get.length() == Get.TO_END ? CONTENT.length - get.offset() : get.length();
        c.send(new DataHeader(get.offset(), length, CONTENT.length, CONTENT_SHA));
        c.sendRaw(Arrays.copyOfRange(CONTENT, (int) get.offset(), (int) (get.offset() + length)));
    }

    @Test
    void shouldOpenWithHelloOfferingVersionsOneToTwoAndTheAgent() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.acceptHello();
            c.readUntilClosed();
        })) {
            try (WireClient client = connect(server)) {
                assertThat(client.remote()).isEqualTo("127.0.0.1:" + server.port());
                assertThat(client.socket().getSoTimeout()).isEqualTo(5000);
            }
            assertThat(server.awaitFinished()).isNull();
            assertThat(server.received).containsExactly(new Hello(1, 2, "test-agent/1"));
        }
    }

    @Test
    void shouldMeasureARoundTripAndSendAFreshNonceEachPing() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.acceptHello();
            for (int i = 0; i < 2; i++) {
                c.send(new Pong(((Ping) c.read()).nonce()));
            }
            c.readUntilClosed();
        })) {
            try (WireClient client = connect(server)) {
                assertThat(client.ping()).isPositive();
                assertThat(client.ping()).isPositive();
            }
            assertThat(server.awaitFinished()).isNull();
            assertThat(server.received).hasSize(3);
            assertThat(((Ping) server.received.get(1)).nonce()).isNotEqualTo(((Ping) server.received.get(2)).nonce());
        }
    }

    @Test
    void shouldRejectAPongCarryingAnotherNonce() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.acceptHello();
            c.send(new Pong(((Ping) c.read()).nonce() + 1));
            c.readUntilClosed();
        }); WireClient client = connect(server)) {
            ProtocolException e = catchThrowableOfType(ProtocolException.class, client::ping);

            assertThat(e.code()).isEqualTo(ErrorCode.UNEXPECTED_MESSAGE);
            assertThat(e).hasMessageContaining("another nonce");
        }
    }

    @Test
    void shouldFetchTheWholeListPageByPage() throws Exception {
        List<FileInfo> files = List.of(
                new FileInfo("a.txt", 1, sha(1)), new FileInfo("b.png", 5L << 30, sha(2)), new FileInfo("日本語.png", 3, sha(3)));
        int pageSize = 2;
        try (TinyServer server = new TinyServer(c -> {
            c.acceptHello();
            for (int page = 0; page < 2; page++) {
                int start = (int) ((ListFiles) c.read()).start();
                List<FileInfo> slice = files.subList(start, Math.min(files.size(), start + pageSize));
                c.send(new ListResult(files.size(), start, slice));
            }
            c.readUntilClosed();
        })) {
            try (WireClient client = connect(server)) {
                assertThat(client.list()).containsExactlyElementsOf(files);
            }
            assertThat(server.awaitFinished()).isNull();
            assertThat(server.received).containsExactly(new Hello(1, 2, "test-agent/1"), new ListFiles(0), new ListFiles(2));
        }
    }

    @Test
    void shouldRefuseAListPageFromAnotherStart() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.acceptHello();
            c.read();
            c.send(new ListResult(5, 1, List.of(new FileInfo("x", 1, sha(1)))));
            c.readUntilClosed();
        }); WireClient client = connect(server)) {
            assertThatThrownBy(client::list).isInstanceOf(ProtocolException.class).hasMessageContaining("asked from 0");
        }
    }

    @Test
    void shouldRefuseAnEmptyListPageBeforeTheEnd() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.acceptHello();
            c.read();
            c.send(new ListResult(5, 0, List.of()));
            c.readUntilClosed();
        }); WireClient client = connect(server)) {
            assertThatThrownBy(client::list).isInstanceOf(ProtocolException.class).hasMessageContaining("empty LIST page");
        }
    }

    @Test
    void shouldReadTheRawBytesAfterDataAndKeepTheConnectionUsable() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.acceptHello();
            serveGet(c, (Get) c.read());
            c.send(new Pong(((Ping) c.read()).nonce()));
            c.readUntilClosed();
        }); WireClient client = connect(server)) {
            DataHeader header = client.get("digits.txt", CONTENT_SHA, 3, Get.TO_END);

            assertThat(header).isEqualTo(new DataHeader(3, 17, 20, CONTENT_SHA));
            assertThat(client.data().readNBytes((int) header.length())).isEqualTo(Arrays.copyOfRange(CONTENT, 3, 20));
            assertThat(client.ping()).isPositive();
        }
    }

    @Test
    void shouldResumeFromAnotherSourceAtTheOffsetReached() throws Exception {
        var digest = Sha256.newDigest();
        long received;
        // the first source dies after 8 of 20 bytes
        try (TinyServer first = new TinyServer(c -> {
            c.acceptHello();
            c.read();
            c.send(new DataHeader(0, CONTENT.length, CONTENT.length, CONTENT_SHA));
            c.sendRaw(Arrays.copyOf(CONTENT, 8));
        }); WireClient client = connect(first)) {
            client.get("digits.txt", CONTENT_SHA, 0, Get.TO_END);
            byte[] part = client.data().readAllBytes();
            digest.update(part);
            received = part.length;
        }
        assertThat(received).isEqualTo(8);

        try (TinyServer second = new TinyServer(c -> {
            c.acceptHello();
            serveGet(c, (Get) c.read());
            c.readUntilClosed();
        })) {
            try (WireClient client = connect(second)) {
                DataHeader header = client.get("digits.txt", CONTENT_SHA, received, Get.TO_END);
                digest.update(client.data().readNBytes((int) header.length()));
            }
            assertThat(second.awaitFinished()).isNull();
            assertThat(second.received).contains(new Get("digits.txt", CONTENT_SHA, 8, Get.TO_END));
        }
        assertThat(new Sha256(digest.digest())).isEqualTo(CONTENT_SHA);
    }

    @Test
    void shouldRefuseDataForAnotherRangeThanAsked() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.acceptHello();
            c.read();
            c.send(new DataHeader(0, 4, CONTENT.length, CONTENT_SHA));
            c.readUntilClosed();
        }); WireClient client = connect(server)) {
            assertThatThrownBy(() -> client.get("digits.txt", CONTENT_SHA, 2, 4))
                    .isInstanceOf(ProtocolException.class).hasMessageContaining("another range or file");
        }
    }

    @Test
    void shouldRefuseAShortDataAnswerToAToEndRequest() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.acceptHello();
            c.read();
            c.send(new DataHeader(0, 4, CONTENT.length, CONTENT_SHA));
            c.readUntilClosed();
        }); WireClient client = connect(server)) {
            assertThatThrownBy(() -> client.get("digits.txt", CONTENT_SHA, 0, Get.TO_END))
                    .isInstanceOf(ProtocolException.class).hasMessageContaining("another range or file");
        }
    }

    @Test
    void shouldRefuseDataForAnotherFile() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.acceptHello();
            c.read();
            c.send(new DataHeader(0, CONTENT.length, CONTENT.length, sha(9)));
            c.readUntilClosed();
        }); WireClient client = connect(server)) {
            assertThatThrownBy(() -> client.get("digits.txt", CONTENT_SHA, 0, Get.TO_END))
                    .isInstanceOf(ProtocolException.class).hasMessageContaining("another range or file");
        }
    }

    @Test
    void shouldRaiseTheServersErrorAndStayUsableAfterANonFatalOne() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.acceptHello();
            Get get = (Get) c.read();
            c.send(new ErrorMessage(ErrorCode.NO_SUCH_FILE, "no file is shared as " + get.name()));
            c.send(new Pong(((Ping) c.read()).nonce()));
            c.readUntilClosed();
        }); WireClient client = connect(server)) {
            RemoteErrorException e = catchThrowableOfType(RemoteErrorException.class,
                    () -> client.get("missing.txt", CONTENT_SHA, 0, Get.TO_END));

            assertThat(e.code()).isEqualTo(ErrorCode.NO_SUCH_FILE);
            assertThat(e.code().fatal()).isFalse();
            assertThat(e).hasMessage("NO_SUCH_FILE: no file is shared as missing.txt");
            assertThat(client.ping()).isPositive();
        }
    }

    @Test
    void shouldRaiseBusyWhenTheServerIsFull() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.send(new ErrorMessage(ErrorCode.BUSY, "64 connections already; try another source"));
            // read the client's HELLO before closing, so the close is a FIN and not a reset that could
            // destroy the ERROR frame in the client's receive buffer
            c.read();
        })) {
            RemoteErrorException e = catchThrowableOfType(RemoteErrorException.class, () -> connect(server));

            assertThat(e.code()).isEqualTo(ErrorCode.BUSY);
            assertThat(e.code().fatal()).isTrue();
        }
    }

    @Test
    void shouldRaiseAnUnsupportedVersionRefusal() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.read();
            c.send(new ErrorMessage(ErrorCode.UNSUPPORTED_VERSION, "this peer speaks versions 2..3"));
        })) {
            RemoteErrorException e = catchThrowableOfType(RemoteErrorException.class, () -> connect(server));

            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
        }
    }

    @Test
    void shouldRefuseAServerChoosingAVersionItWasNotOffered() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.read();
            c.send(new HelloAck(3, "from the future"));
            c.readUntilClosed();
        })) {
            ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> connect(server));

            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
            assertThat(e).hasMessageContaining("version 3");
        }
    }

    @Test
    void shouldRefuseSomethingOtherThanHelloAckAsTheFirstAnswer() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.read();
            c.send(new Pong(1));
            c.readUntilClosed();
        })) {
            assertThatThrownBy(() -> connect(server)).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("answered with PONG where HelloAck was expected");
        }
    }

    @Test
    void shouldSayWhoClosedTheConnection() throws Exception {
        try (TinyServer server = new TinyServer(c -> c.read())) {
            assertThatThrownBy(() -> connect(server)).isInstanceOf(java.io.EOFException.class)
                    .hasMessageStartingWith("127.0.0.1:" + server.port() + " closed the connection");
        }
    }

    @Test
    void shouldTimeOutWhenTheServerNeverAnswersHello() throws Exception {
        Duration readTimeout = Duration.ofMillis(300);
        try (TinyServer server = new TinyServer(TinyServer.Conversation::readUntilClosed)) {
            long started = System.nanoTime();

            assertThatThrownBy(() -> connect(server, readTimeout)).isInstanceOf(SocketTimeoutException.class);

            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(elapsedMillis).isBetween(250L, 5_000L);
        }
    }

    @Test
    void shouldTimeOutWhenTheServerStopsAnsweringMidConversation() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.acceptHello();
            c.readUntilClosed();
        }); WireClient client = connect(server, Duration.ofMillis(300))) {
            long started = System.nanoTime();

            assertThatThrownBy(client::ping).isInstanceOf(SocketTimeoutException.class);

            assertThat((System.nanoTime() - started) / 1_000_000).isBetween(250L, 5_000L);
        }
    }

    @Test
    void shouldTimeOutWhenDataStallsMidTransfer() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.acceptHello();
            c.read();
            c.send(new DataHeader(0, CONTENT.length, CONTENT.length, CONTENT_SHA));
            c.sendRaw(Arrays.copyOf(CONTENT, 4));
            c.readUntilClosed();
        }); WireClient client = connect(server, Duration.ofMillis(300))) {
            client.get("digits.txt", CONTENT_SHA, 0, Get.TO_END);
            InputStream data = client.data();

            assertThat(data.readNBytes(4)).isEqualTo(Arrays.copyOf(CONTENT, 4));
            assertThatThrownBy(data::read).isInstanceOf(SocketTimeoutException.class);
        }
    }
}
