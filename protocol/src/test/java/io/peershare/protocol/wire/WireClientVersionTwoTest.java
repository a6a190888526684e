package io.peershare.protocol.wire;

import io.peershare.protocol.PieceManifest;
import io.peershare.protocol.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.peershare.protocol.wire.Frames.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link WireClient} in version 2: negotiation, MANIFEST paging and its checks, BITFIELD, HAVE, and the
 * non-fatal answers RETRY_LATER and NOT_HELD, each against a scripted server on a real socket.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WireClientVersionTwoTest {

    static final int PIECE = WireLimits.PIECE_SIZE;
    /** A file of 5 pieces, the last one 3 bytes short of a whole piece; the hashes are made up. */
    static final long SIZE = 5L * PIECE - 3;
    static final List<Sha256> HASHES = IntStream.range(0, 5).mapToObj(i -> sha(10 * i)).toList();
    static final Sha256 FILE = sha(200);

    private static WireClient connect(TinyServer server) throws IOException {
        return WireClient.connect("127.0.0.1", server.port(), Duration.ofSeconds(2), Duration.ofSeconds(5), "test-agent/2");
    }

    /** A version-2 server that answers each request with the next of {@code answers}, then waits for the client to leave. */
    private static TinyServer answering(Message... answers) throws IOException {
        return new TinyServer(c -> {
            c.acceptHello(2);
            for (Message answer : answers) {
                c.read();
                c.send(answer);
            }
            c.readUntilClosed();
        });
    }

    /** Answers MANIFEST requests with pages of at most {@code pageSize} hashes of the 5-piece file. */
    private static void serveManifest(TinyServer.Conversation c, int pages, int pageSize) throws IOException {
        for (int i = 0; i < pages; i++) {
            int start = (int) ((ManifestRequest) c.read()).start();
            c.send(new ManifestPage(SIZE, PIECE, HASHES.size(), start, HASHES.subList(start, Math.min(HASHES.size(), start + pageSize))));
        }
    }

    private static PieceManifest expectedManifest() {
        byte[] hashes = new byte[HASHES.size() * Sha256.LENGTH];
        for (int i = 0; i < HASHES.size(); i++) {
            System.arraycopy(HASHES.get(i).bytes(), 0, hashes, i * Sha256.LENGTH, Sha256.LENGTH);
        }
        return PieceManifest.of(SIZE, PIECE, hashes);
    }

    // --- negotiation ---

    @Test
    void shouldSpeakVersionTwoFramesWhenTheServerChoosesTwo() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.acceptHello(2);
            c.send(new Pong(((Ping) c.read()).nonce()));
            c.readUntilClosed();
        })) {
            try (WireClient client = connect(server)) {
                assertThat(client.version()).isEqualTo(2);
                assertThat(client.ping()).isPositive();
            }
            // the server reads version-2 frames after its HELLO_ACK: a version-1 PING would have failed the script
            assertThat(server.awaitFinished()).isNull();
            assertThat(server.received).hasSize(2).first().isEqualTo(new Hello(1, 2, "test-agent/2"));
        }
    }

    @Test
    void shouldStayOnVersionOneAndRefuseTheSwarmRequestsOfAVersionOneServer() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.acceptHello(1);
            c.readUntilClosed();
        })) {
            try (WireClient client = connect(server)) {
                assertThat(client.version()).isEqualTo(1);

                ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> client.manifest("a", FILE));
                assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
                assertThat(e).hasMessage("127.0.0.1:" + server.port() + " speaks protocol version 1 only, which has no "
                        + "MANIFEST; it needs a peershare peer of version 2 or later");
                assertThatThrownBy(() -> client.bitfield("a", FILE)).hasMessageContaining("version 1 only");
                assertThatThrownBy(() -> client.have("a", FILE, 0)).hasMessageContaining("version 1 only");
            }
            // nothing was sent after HELLO: no version-2 type ever went out in a version-1 frame
            assertThat(server.awaitFinished()).isNull();
            assertThat(server.received).containsExactly(new Hello(1, 2, "test-agent/2"));
        }
    }

    @Test
    void shouldRefuseAHelloAckInAVersionTwoFrame() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.read();
            c.sendRaw(WireCodec.encode(new HelloAck(2, ""), 2));
            c.readUntilClosed();
        })) {
            ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> connect(server));

            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
            assertThat(e).hasMessageContaining("frame version 2");
        }
    }

    @Test
    void shouldRefuseAVersionOneAnswerAfterNegotiatingTwo() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.acceptHello(2);
            c.sendRaw(WireCodec.encode(new Pong(((Ping) c.read()).nonce()), 1));
            c.readUntilClosed();
        }); WireClient client = connect(server)) {
            ProtocolException e = catchThrowableOfType(ProtocolException.class, client::ping);

            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
            assertThat(e).hasMessageContaining("frame version 1 is not the version of this connection (2)");
        }
    }

    // --- MANIFEST ---

    @Test
    void shouldFetchTheManifestPageByPage() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.acceptHello(2);
            serveManifest(c, 3, 2);
            c.readUntilClosed();
        })) {
            try (WireClient client = connect(server)) {
                PieceManifest manifest = client.manifest("five.bin", FILE, SIZE);

                assertThat(manifest).isEqualTo(expectedManifest());
                assertThat(manifest.length(4)).isEqualTo(PIECE - 3);
            }
            assertThat(server.awaitFinished()).isNull();
            assertThat(server.received).containsExactly(new Hello(1, 2, "test-agent/2"),
                    new ManifestRequest("five.bin", FILE, 0), new ManifestRequest("five.bin", FILE, 2),
                    new ManifestRequest("five.bin", FILE, 4));
        }
    }

    @Test
    void shouldFetchTheEmptyManifestOfAnEmptyFileInOneRequest() throws Exception {
        try (TinyServer server = answering(new ManifestPage(0, PIECE, 0, 0, List.of()))) {
            try (WireClient client = connect(server)) {
                assertThat(client.manifest("empty", FILE).pieceCount()).isZero();
            }
            assertThat(server.awaitFinished()).isNull();
            assertThat(server.received).hasSize(2);
        }
    }

    @Test
    void shouldRefuseAManifestPageFromAnotherStart() throws Exception {
        try (TinyServer server = answering(
                new ManifestPage(SIZE, PIECE, 5, 0, HASHES.subList(0, 2)),
                new ManifestPage(SIZE, PIECE, 5, 3, HASHES.subList(3, 5)));
             WireClient client = connect(server)) {
            assertThatThrownBy(() -> client.manifest("five.bin", FILE)).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("sent MANIFEST page from 3, asked from 2");
        }
    }

    @Test
    void shouldRefuseAnEmptyManifestPageBeforeTheEnd() throws Exception {
        try (TinyServer server = answering(new ManifestPage(SIZE, PIECE, 5, 0, List.of()));
             WireClient client = connect(server)) {
            assertThatThrownBy(() -> client.manifest("five.bin", FILE)).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("empty MANIFEST page before the end");
        }
    }

    @Test
    void shouldRefuseAManifestWhoseGeometryChangesBetweenPages() throws Exception {
        // the second page has the same piece count and one byte more: a page of another file
        try (TinyServer server = answering(
                new ManifestPage(SIZE, PIECE, 5, 0, HASHES.subList(0, 2)),
                new ManifestPage(SIZE + 1, PIECE, 5, 2, HASHES.subList(2, 4)));
             WireClient client = connect(server)) {
            assertThatThrownBy(() -> client.manifest("five.bin", FILE)).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("changed the manifest geometry between pages");
        }
    }

    @Test
    void shouldRefuseAManifestOfAnotherSizeThanAnnouncedAtTheFirstPage() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.acceptHello(2);
            serveManifest(c, 1, 2);
            c.readUntilClosed();
        })) {
            try (WireClient client = connect(server)) {
                assertThatThrownBy(() -> client.manifest("five.bin", FILE, SIZE - 1)).isInstanceOf(ProtocolException.class)
                        .hasMessageContaining("sent the manifest of a file of " + SIZE + " bytes; five.bin has " + (SIZE - 1));
            }
            assertThat(server.awaitFinished()).isNull();
            assertThat(server.received).as("no second page asked for").hasSize(2);
        }
    }

    @Test
    void shouldRaiseNoSuchFileForAManifestAndStayUsable() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.acceptHello(2);
            c.read();
            c.send(new ErrorMessage(ErrorCode.NO_SUCH_FILE, "no file named 'gone.bin'"));
            c.send(new Pong(((Ping) c.read()).nonce()));
            c.readUntilClosed();
        }); WireClient client = connect(server)) {
            RemoteErrorException e = catchThrowableOfType(RemoteErrorException.class, () -> client.manifest("gone.bin", FILE));

            assertThat(e.code()).isEqualTo(ErrorCode.NO_SUCH_FILE);
            assertThat(client.ping()).isPositive();
        }
    }

    // --- BITFIELD and HAVE ---

    @Test
    void shouldFetchTheBitfield() throws Exception {
        BitSet held = new BitSet();
        held.set(0);
        held.set(3);
        try (TinyServer server = answering(new BitfieldResult(5, held))) {
            try (WireClient client = connect(server)) {
                BitfieldResult bitfield = client.bitfield("five.bin", FILE);

                assertThat(bitfield.pieces()).isEqualTo(held);
                assertThat(bitfield.held()).as("the have-serial to poll HAVE from").isEqualTo(2);
            }
            assertThat(server.awaitFinished()).isNull();
            assertThat(server.received).last().isEqualTo(new BitfieldRequest("five.bin", FILE));
        }
    }

    @Test
    void shouldPollHaveFromTheSerialItKnows() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.acceptHello(2);
            HaveRequest first = (HaveRequest) c.read();
            c.send(new HaveResult(first.serial(), 4, List.of(1, 4)));
            HaveRequest second = (HaveRequest) c.read();
            c.send(new HaveResult(second.serial(), 4, List.of()));
            c.readUntilClosed();
        })) {
            try (WireClient client = connect(server)) {
                HaveResult gained = client.have("five.bin", FILE, 2);
                HaveResult nothing = client.have("five.bin", FILE, gained.from() + gained.pieces().size());

                assertThat(gained.pieces()).containsExactly(1, 4);
                assertThat(nothing.pieces()).isEmpty();
                assertThat(nothing.total()).isEqualTo(4);
            }
            assertThat(server.awaitFinished()).isNull();
            assertThat(server.received).extracting(m -> m instanceof HaveRequest h ? h.serial() : -1L).containsExactly(-1L, 2L, 4L);
        }
    }

    @Test
    void shouldRefuseHaveEntriesFromAnotherSerial() throws Exception {
        try (TinyServer server = answering(new HaveResult(2, 4, List.of(1, 4))); WireClient client = connect(server)) {
            ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> client.have("five.bin", FILE, 3));

            assertThat(e.code()).isEqualTo(ErrorCode.UNEXPECTED_MESSAGE);
            assertThat(e).hasMessageContaining("sent HAVE entries from 2, asked from 3");
        }
    }

    @Test
    void shouldRaiseBadRangeForASerialBeyondTheLogAndStayUsableForABitfield() throws Exception {
        try (TinyServer server = answering(
                new ErrorMessage(ErrorCode.BAD_RANGE, "serial 9 is beyond the 4 pieces held; ask BITFIELD"),
                new BitfieldResult(5, new BitSet()));
             WireClient client = connect(server)) {
            RemoteErrorException e = catchThrowableOfType(RemoteErrorException.class, () -> client.have("five.bin", FILE, 9));

            assertThat(e.code()).isEqualTo(ErrorCode.BAD_RANGE);
            assertThat(e.code().fatal()).isFalse();
            assertThat(client.bitfield("five.bin", FILE).held()).isZero();
        }
    }

    // --- GET: RETRY_LATER and NOT_HELD ---

    @Test
    void shouldRaiseRetryLaterWithItsMillisAndStayUsable() throws Exception {
        try (TinyServer server = new TinyServer(c -> {
            c.acceptHello(2);
            c.read();
            c.send(new RetryLater(750, "all 4 upload slots are busy"));
            c.send(new Pong(((Ping) c.read()).nonce()));
            c.readUntilClosed();
        }); WireClient client = connect(server)) {
            RetryLaterException e = catchThrowableOfType(RetryLaterException.class,
                    () -> client.get("five.bin", FILE, 0, PIECE));

            assertThat(e.retryAfterMillis()).isEqualTo(750);
            assertThat(e).hasMessage("127.0.0.1:" + server.port() + " is busy (retry after 750 ms): all 4 upload slots are busy");
            assertThat(client.ping()).isPositive();
        }
    }

    @Test
    void shouldRefuseRetryLaterAsTheAnswerToARequestThatNeedsNoSlot() throws Exception {
        try (TinyServer server = answering(new RetryLater(750, "busy")); WireClient client = connect(server)) {
            ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> client.bitfield("five.bin", FILE));

            assertThat(e.code()).isEqualTo(ErrorCode.UNEXPECTED_MESSAGE);
            assertThat(e).hasMessageContaining("answered with RETRY_LATER where BitfieldResult was expected");
        }
    }

    @Test
    void shouldRaiseNotHeldFromAPartialSourceAndStayUsable() throws Exception {
        BitSet held = new BitSet();
        held.set(0);
        try (TinyServer server = answering(new ErrorMessage(ErrorCode.NOT_HELD, "piece 2 not held yet"), new BitfieldResult(5, held));
             WireClient client = connect(server)) {
            RemoteErrorException e = catchThrowableOfType(RemoteErrorException.class,
                    () -> client.get("five.bin", FILE, 2L * PIECE, PIECE));

            assertThat(e.code()).isEqualTo(ErrorCode.NOT_HELD);
            assertThat(e.code().fatal()).isFalse();
            assertThat(e).hasMessage("NOT_HELD: piece 2 not held yet");
            assertThat(client.bitfield("five.bin", FILE).pieces()).isEqualTo(held);
        }
    }

    @Test
    void shouldReadAPieceOverAVersionTwoGet() throws Exception {
        byte[] piece = {'h', 'e', 'l', 'l', 'o'};
        try (TinyServer server = new TinyServer(c -> {
            c.acceptHello(2);
            Get get = (Get) c.read();
            c.send(new DataHeader(get.offset(), get.length(), 4L * PIECE + 5, FILE));
            c.sendRaw(piece);
            c.readUntilClosed();
        })) {
            try (WireClient client = connect(server)) {
                DataHeader header = client.get("five.bin", FILE, 4L * PIECE, 5);

                assertThat(header).isEqualTo(new DataHeader(4L * PIECE, 5, 4L * PIECE + 5, FILE));
                assertThat(client.data().readNBytes(5)).isEqualTo(piece);
            }
            assertThat(server.awaitFinished()).isNull();
            assertThat(server.received).last().isEqualTo(new Get("five.bin", FILE, 4L * PIECE, 5));
        }
    }
}
