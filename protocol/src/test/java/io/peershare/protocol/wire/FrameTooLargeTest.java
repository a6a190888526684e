package io.peershare.protocol.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;

import static io.peershare.protocol.wire.Frames.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Failure class "bad declared length": a length above the cap is refused from the header alone, before any
 * payload buffer exists and before one more byte is read.
 */
class FrameTooLargeTest {

    /** Loads what a first refusal loads (exception classes, String.format), so the allocation checks see the codec only. */
    @org.junit.jupiter.api.BeforeAll
    static void warmUp() {
        byte[] header = frame(0x5053, 1, MessageType.GET.id(), 0xFFFF_FFFFL, new byte[0]);
        catchThrowableOfType(ProtocolException.class, () -> WireCodec.read(new ByteArrayInputStream(header)));
        catchThrowableOfType(java.io.EOFException.class, () -> WireCodec.read(new ByteArrayInputStream(
                frame(0x5053, 2, MessageType.MANIFEST_RESULT.id(), 100, new byte[10])), 2));
    }

    /** A stream that fails the test if the codec reads anything after the 8 header bytes. */
    private static InputStream headerThenTripwire(byte[] header) {
        InputStream tripwire = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the codec read past a header whose length it should have refused");
            }
        };
        return new SequenceInputStream(new ByteArrayInputStream(header), tripwire);
    }

    @ParameterizedTest
    @ValueSource(longs = {0xFFFF_FFFFL, 0x8000_0000L, 0x7FFF_FFFFL, (1 << 20) + 1})
    void shouldRefuseADeclaredLengthAboveTheCapWithoutReadingOrAllocating(long declared) {
        byte[] header = frame(0x5053, 1, MessageType.GET.id(), declared, new byte[0]);
        long before = Allocation.currentThreadBytes();

        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> WireCodec.read(headerThenTripwire(header)));

        long allocated = Allocation.currentThreadBytes() - before;
        assertThat(e.code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
        assertThat(e).hasMessageContaining(Long.toString(declared)).hasMessageContaining("1048576");
        // a payload buffer of even the smallest refused size would be over 1 MiB
        assertThat(allocated).isLessThan(64 * 1024);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0A, 0x0C, 0x0E})
    void shouldRefuseAnOversizedVersionTwoAnswerFromItsHeaderAlone(int typeId) {
        byte[] header = frame(0x5053, 2, typeId, 0xFFFF_FFFFL, new byte[0]);
        long before = Allocation.currentThreadBytes();

        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> WireCodec.read(headerThenTripwire(header), 2));

        assertThat(e.code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
        assertThat(Allocation.currentThreadBytes() - before).isLessThan(64 * 1024);
    }

    @Test
    void shouldKeepTheLargestLegalVersionTwoAnswersUnderTheCap() {
        // the page limits exist so that these fit one frame: 16 384 hashes, 2^22 bits, 16 384 piece indices
        long pieces = WireLimits.MAX_PIECES;
        var hashes = java.util.Collections.nCopies(WireLimits.MAX_MANIFEST_ENTRIES, Frames.sha(1));
        var manifest = new ManifestPage(pieces * WireLimits.PIECE_SIZE, WireLimits.PIECE_SIZE, pieces, 0, hashes);
        var all = new java.util.BitSet();
        all.set(0, WireLimits.MAX_PIECES);
        var have = new HaveResult(0, pieces, java.util.Collections.nCopies(WireLimits.MAX_HAVE_ENTRIES, 0));
        var retry = new RetryLater(WireLimits.MAX_RETRY_AFTER_MILLIS, "r".repeat(WireLimits.MAX_ERROR_MESSAGE_BYTES));

        assertThat(payloadBytes(manifest)).isEqualTo(22 + 16_384 * 32).isLessThanOrEqualTo(WireLimits.MAX_PAYLOAD_BYTES);
        assertThat(payloadBytes(new BitfieldResult(pieces, all))).isEqualTo(4 + (1 << 19)).isLessThanOrEqualTo(WireLimits.MAX_PAYLOAD_BYTES);
        assertThat(payloadBytes(have)).isEqualTo(10 + 16_384 * 4);
        assertThat(payloadBytes(retry)).isEqualTo(4 + 2 + 1024);
    }

    private static int payloadBytes(Message message) {
        return WireCodec.encode(message, 2).length - WireLimits.HEADER_BYTES;
    }

    @Test
    void shouldAcceptADeclaredLengthOfExactlyTheCap() {
        byte[] header = frame(0x5053, 1, MessageType.GET.id(), WireLimits.MAX_PAYLOAD_BYTES, new byte[0]);

        // the length is legal, so the codec goes on to read the payload and finds the stream closed
        assertThatThrownBy(() -> WireCodec.read(new ByteArrayInputStream(header)))
                .isInstanceOf(java.io.EOFException.class)
                .hasMessageContaining("0 of 1048576 bytes of GET payload");
    }

    @Test
    void shouldKeepTheLargestLegalListResultUnderTheCap() {
        // the encoder refuses payloads over the cap; the limits must keep every legal message under it
        byte[] largest = WireCodec.encode(largestListResult());

        assertThat(largest.length - WireLimits.HEADER_BYTES).isLessThanOrEqualTo(WireLimits.MAX_PAYLOAD_BYTES);
    }

    private static ListResult largestListResult() {
        var files = new java.util.ArrayList<FileInfo>();
        for (int i = 0; i < WireLimits.MAX_LIST_ENTRIES; i++) {
            files.add(new FileInfo(String.format("%05d", i) + "界".repeat(83), Long.MAX_VALUE, Frames.sha(i)));
        }
        return new ListResult(WireLimits.MAX_LIST_ENTRIES, 0, files);
    }

    @Test
    void shouldAllocateForTheBytesThatCameNotForTheLengthDeclared() {
        // a legal length (the cap itself) and then the peer stops after 10 bytes: the reader must not have paid 1 MiB
        byte[] frame = frame(0x5053, 2, MessageType.MANIFEST_RESULT.id(), WireLimits.MAX_PAYLOAD_BYTES, new byte[10]);
        long before = Allocation.currentThreadBytes();

        assertThatThrownBy(() -> WireCodec.read(new ByteArrayInputStream(frame), 2)).isInstanceOf(java.io.EOFException.class);

        assertThat(Allocation.currentThreadBytes() - before).isLessThan(64 * 1024);
    }
}
