package io.peershare.protocol.wire;

import io.peershare.protocol.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.peershare.protocol.wire.Frames.decode;
import static io.peershare.protocol.wire.Frames.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Failure class "correct input": every message survives encode then decode unchanged. */
class RoundTripTest {

    static final long FIVE_GIB = 5L << 30;

    static Stream<Message> messages() {
        return Stream.of(
                new Hello(1, 1, "peershare/0.1"),
                new Hello(1, 255, ""),
                new Hello(1, 3, "agent-" + "x".repeat(WireLimits.MAX_AGENT_BYTES - 6)),
                new HelloAck(1, "peershare/0.1 (peer1)"),
                new HelloAck(255, "日本語エージェント"),
                new Ping(0),
                new Ping(Long.MIN_VALUE),
                new Ping(-1),
                new Pong(0x0102030405060708L),
                new ListFiles(0),
                new ListFiles(0xFFFF_FFFFL),
                new ListResult(0, 0, List.of()),
                new ListResult(7, 2, List.of(
                        new FileInfo("notes.txt", 12, sha(1)),
                        new FileInfo("résumé final.pdf", 0, sha(2)),
                        new FileInfo("日本語.png", FIVE_GIB, sha(3)),
                        new FileInfo("emoji 😀.gif", Long.MAX_VALUE, sha(4)))),
                new ListResult(0xFFFF_FFFFL, 0xFFFF_FFFFL - 1, List.of(new FileInfo("last", 1, sha(5)))),
                Get.whole("cat.png", sha(6)),
                new Get("big.iso", sha(7), FIVE_GIB, Get.TO_END),
                new Get("big.iso", sha(7), 0x1_0000_0000L, 0x1_0000_0001L),
                new Get("empty", sha(8), 0, 0),
                new Get("x".repeat(255), sha(9), Long.MAX_VALUE, Long.MAX_VALUE),
                new DataHeader(0, 0, 0, sha(10)),
                new DataHeader(FIVE_GIB - 10, 10, FIVE_GIB, sha(11)),
                new DataHeader(0, Long.MAX_VALUE, Long.MAX_VALUE, sha(12)),
                new ErrorMessage(ErrorCode.NO_SUCH_FILE, "no file is shared as cat.png; run discover to see what peer2 offers"),
                new ErrorMessage(ErrorCode.HASH_MISMATCH, "cat.png here has sha256 00ff…; fetch with --sha256 to choose"),
                new ErrorMessage(ErrorCode.BUSY, ""),
                new ErrorMessage(0x1234, "a code from a later version"),
                new ErrorMessage(ErrorCode.INTERNAL, "é".repeat(WireLimits.MAX_ERROR_MESSAGE_BYTES / 2)));
    }

    /** The types version 2 adds, at the edges of their limits. */
    static Stream<Message> versionTwoMessages() {
        BitSet none = new BitSet();
        BitSet some = new BitSet();
        some.set(0);
        some.set(1);
        some.set(9);
        BitSet all = new BitSet();
        all.set(0, WireLimits.MAX_PIECES);
        List<Sha256> page = IntStream.range(0, 3).mapToObj(Frames::sha).toList();
        List<Integer> lastPieces = List.of(WireLimits.MAX_PIECES - 1, 0, 7);
        return Stream.of(
                new ManifestRequest("data.bin", sha(1), 0),
                new ManifestRequest("日本語.iso", sha(2), 0xFFFF_FFFFL),
                new ManifestPage(0, WireLimits.PIECE_SIZE, 0, 0, List.of()),
                new ManifestPage(1, WireLimits.PIECE_SIZE, 1, 0, List.of(sha(3))),
                new ManifestPage(FIVE_GIB + 1, WireLimits.PIECE_SIZE, 5121, 5118, page),
                new ManifestPage(FIVE_GIB, WireLimits.PIECE_SIZE, 5120, 5120, List.of()),
                new ManifestPage((long) WireLimits.MAX_PIECES * WireLimits.PIECE_SIZE, WireLimits.PIECE_SIZE,
                        WireLimits.MAX_PIECES, WireLimits.MAX_PIECES - 3, page),
                new BitfieldRequest("clip.mp4", sha(4)),
                new BitfieldResult(0, none),
                new BitfieldResult(10, some),
                new BitfieldResult(16, some),
                new BitfieldResult(WireLimits.MAX_PIECES, all),
                new HaveRequest("clip.mp4", sha(5), 0),
                new HaveRequest("clip.mp4", sha(5), 0xFFFF_FFFFL),
                new HaveResult(0, 0, List.of()),
                new HaveResult(3, 5, List.of(4, 2)),
                new HaveResult(WireLimits.MAX_PIECES - 3, WireLimits.MAX_PIECES, lastPieces),
                new RetryLater(0, ""),
                new RetryLater(WireLimits.MAX_RETRY_AFTER_MILLIS, "all 4 upload slots are busy"),
                new RetryLater(1, "é".repeat(WireLimits.MAX_ERROR_MESSAGE_BYTES / 2)),
                new ErrorMessage(ErrorCode.NOT_HELD, "piece 7 not held yet"));
    }

    /** Everything a version-2 connection carries: the new types and every type of version 1 after the handshake. */
    static Stream<Message> versionTwoFrames() {
        return Stream.concat(versionTwoMessages(), messages().filter(m -> !(m instanceof Hello || m instanceof HelloAck)));
    }

    /** Every message of {@link #messages()} in a version-1 frame, and every one of {@link #versionTwoFrames()} in a version-2 frame. */
    static Stream<Arguments> framed() {
        return Stream.concat(messages().map(m -> Arguments.of(m, 1)), versionTwoFrames().map(m -> Arguments.of(m, 2)));
    }

    private static List<Message> framedIn(int version) {
        return (version == 1 ? messages() : versionTwoFrames()).toList();
    }

    @ParameterizedTest
    @MethodSource("framed")
    void shouldDecodeWhatItEncoded(Message message, int version) throws IOException {
        byte[] frame = WireCodec.encode(message, version);

        assertThat(frame[2]).as("version byte").isEqualTo((byte) version);
        assertThat(decode(frame, version)).isEqualTo(message);
    }

    @ParameterizedTest
    @MethodSource("framed")
    void shouldDeclareExactlyThePayloadItWrites(Message message, int version) {
        byte[] frame = WireCodec.encode(message, version);
        long declared = ((frame[4] & 0xFFL) << 24) | ((frame[5] & 0xFFL) << 16) | ((frame[6] & 0xFFL) << 8) | (frame[7] & 0xFFL);

        assertThat(declared).isEqualTo(frame.length - WireLimits.HEADER_BYTES).isLessThanOrEqualTo(WireLimits.MAX_PAYLOAD_BYTES);
        assertThat(frame[3] & 0xFF).isEqualTo(message.type().id());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void shouldReadBackToBackFramesWithoutConsumingTheNextOne(int version) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        List<Message> sent = framedIn(version);
        for (Message message : sent) {
            WireCodec.write(message, wire, version);
        }
        InputStream in = new ByteArrayInputStream(wire.toByteArray());

        List<Message> received = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            received.add(WireCodec.read(in, version));
        }

        assertThat(received).containsExactlyElementsOf(sent);
        assertThatThrownBy(() -> WireCodec.read(in, version)).isInstanceOf(EOFException.class);
    }

    @Test
    void shouldReassembleFramesThatArriveOneByteAtATime() throws IOException {
        Message message = new ListResult(2, 0, List.of(new FileInfo("a", 1, sha(1)), new FileInfo("日本語.png", 2, sha(2))));
        InputStream trickle = new FilterInputStream(new ByteArrayInputStream(WireCodec.encode(message))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(1, len));
            }
        };

        assertThat(WireCodec.read(trickle)).isEqualTo(message);
    }

    @Test
    void shouldLeaveRawDataBytesAfterTheDataHeaderForTheCaller() throws IOException {
        byte[] content = "hello".getBytes();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        WireCodec.write(new DataHeader(0, content.length, content.length, sha(1)), wire);
        wire.write(content);
        WireCodec.write(new Ping(42), wire);
        InputStream in = new ByteArrayInputStream(wire.toByteArray());

        DataHeader header = (DataHeader) WireCodec.read(in);
        byte[] raw = in.readNBytes((int) header.length());

        assertThat(raw).isEqualTo(content);
        assertThat(WireCodec.read(in)).isEqualTo(new Ping(42));
    }

    @Test
    void shouldKeepGetToEndDistinctFromAnyRealLength() throws IOException {
        Get whole = (Get) decode(WireCodec.encode(Get.whole("cat.png", sha(1))));

        assertThat(whole.offset()).isZero();
        assertThat(whole.length()).isEqualTo(Get.TO_END).isEqualTo(-1L);
    }

    @Test
    void shouldCarryTheErrorCodeAndItsMeaning() throws IOException {
        ErrorMessage error = (ErrorMessage) decode(WireCodec.encode(new ErrorMessage(ErrorCode.BAD_RANGE, "offset beyond end")));

        assertThat(error.errorCode()).isEqualTo(ErrorCode.BAD_RANGE);
        assertThat(error.errorCode().fatal()).isFalse();
        assertThat(error.message()).isEqualTo("offset beyond end");
    }

    @Test
    void shouldRoundTripTheLargestListResultPageWithinTheFrameLimit() throws IOException {
        List<FileInfo> files = new ArrayList<>();
        for (int i = 0; i < WireLimits.MAX_LIST_ENTRIES; i++) {
            String name = String.format("%05d-", i) + "n".repeat(249);
            files.add(new FileInfo(name, Long.MAX_VALUE - i, sha(i)));
        }
        ListResult page = new ListResult(WireLimits.MAX_LIST_ENTRIES, 0, files);

        byte[] frame = WireCodec.encode(page);

        assertThat(frame.length).isLessThanOrEqualTo(WireLimits.HEADER_BYTES + WireLimits.MAX_PAYLOAD_BYTES);
        assertThat(decode(frame)).isEqualTo(page);
    }

    @Test
    void shouldCopySha256SoLaterMutationCannotChangeASentMessage() {
        byte[] bytes = sha(1).bytes();
        Sha256 digest = new Sha256(bytes);
        bytes[0] ^= 1;

        assertThat(digest).isEqualTo(sha(1));
    }
}
