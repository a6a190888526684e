package io.peershare.protocol.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static io.peershare.protocol.wire.Frames.concat;
import static io.peershare.protocol.wire.Frames.decode;
import static io.peershare.protocol.wire.Frames.frame;
import static io.peershare.protocol.wire.Frames.hex;
import static io.peershare.protocol.wire.Frames.sha;
import static io.peershare.protocol.wire.Frames.string;
import static io.peershare.protocol.wire.Frames.u16;
import static io.peershare.protocol.wire.Frames.u32;
import static io.peershare.protocol.wire.Frames.u64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Failure class "invalid", for the types version 2 adds: complete version-2 frames whose bytes break a rule of
 * docs/protocol.md. Each is a {@link ProtocolException} with the code the receiver sends back (INVALID_FIELD for
 * a value outside its domain, MALFORMED_FRAME for a count that does not match the bytes present) and a message
 * naming the offending value.
 */
class InvalidVersionTwoFrameTest {

    private static final int PIECE = 1 << 20;
    private static final long MAX_PIECES = 1 << 22;

    private static void assertRejected(int typeId, byte[] payload, ErrorCode code, String mentioning) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> decode(frame(2, typeId, payload), 2));

        assertThat(e).as("decoding should have failed with a ProtocolException").isNotNull();
        assertThat(e.code()).isEqualTo(code);
        assertThat(e).hasMessageContaining(mentioning);
    }

    /** file_size u64 | piece_size u32 | piece_count u32 | start u32 | count u16, then {@code hashes} digests. */
    private static byte[] manifestPage(long fileSize, long pieceSize, long pieceCount, long start, int count, int hashes) {
        byte[] digests = new byte[hashes * 32];
        return concat(u64(fileSize), u32(pieceSize), u32(pieceCount), u32(start), u16(count), digests);
    }

    /** from u32 | total u32 | count u16 | the pieces as u32. */
    private static byte[] haveResult(long from, long total, long... pieces) {
        byte[] entries = new byte[0];
        for (long piece : pieces) {
            entries = concat(entries, u32(piece));
        }
        return concat(u32(from), u32(total), u16(pieces.length), entries);
    }

    // --- MANIFEST_RESULT (0x0A) ---

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 1 << 18, (1 << 20) - 1, (1 << 20) + 1, 4 << 20, 0xFFFF_FFFFL})
    void shouldRejectAPieceSizeOtherThanOneMebibyte(long pieceSize) {
        assertRejected(0x0A, manifestPage(10, pieceSize, 1, 0, 1, 1), ErrorCode.INVALID_FIELD, "piece_size is " + pieceSize);
    }

    @Test
    void shouldRejectAPieceCountThatDoesNotFitTheFileSize() {
        assertRejected(0x0A, manifestPage(PIECE + 1L, PIECE, 1, 0, 1, 1), ErrorCode.INVALID_FIELD,
                "piece_count 1 does not fit file_size 1048577 (2 pieces)");
        assertRejected(0x0A, manifestPage(0, PIECE, 1, 0, 0, 0), ErrorCode.INVALID_FIELD, "piece_count 1 does not fit file_size 0");
        assertRejected(0x0A, manifestPage(PIECE, PIECE, 0, 0, 0, 0), ErrorCode.INVALID_FIELD, "piece_count 0");
        assertRejected(0x0A, manifestPage(PIECE, PIECE, 0x8000_0001L, 0, 0, 0), ErrorCode.INVALID_FIELD, "piece_count 2147483649");
    }

    @Test
    void shouldRejectAFileOfMoreThanTwoToTheTwentyTwoPieces() {
        long size = MAX_PIECES * PIECE + 1;
        assertRejected(0x0A, manifestPage(size, PIECE, MAX_PIECES + 1, 0, 0, 0), ErrorCode.INVALID_FIELD, "4194305 pieces");
    }

    @Test
    void shouldRejectANegativeFileSize() {
        assertRejected(0x0A, manifestPage(Long.MIN_VALUE, PIECE, 0, 0, 0, 0), ErrorCode.INVALID_FIELD, "file_size must not be negative");
    }

    @Test
    void shouldRejectAManifestPageReachingBeyondThePieces() {
        assertRejected(0x0A, manifestPage(2L * PIECE, PIECE, 2, 1, 2, 2), ErrorCode.INVALID_FIELD, "page 1+2 exceeds piece_count 2");
        assertRejected(0x0A, manifestPage(2L * PIECE, PIECE, 2, 3, 0, 0), ErrorCode.INVALID_FIELD, "page 3+0 exceeds piece_count 2");
        assertRejected(0x0A, manifestPage(0, PIECE, 0, 0xFFFF_FFFFL, 0, 0), ErrorCode.INVALID_FIELD, "exceeds piece_count 0");
    }

    @Test
    void shouldRejectAManifestCountAboveThePageLimitBeforeReadingHashes() {
        assertRejected(0x0A, manifestPage(MAX_PIECES * PIECE, PIECE, MAX_PIECES, 0, 16_385, 0), ErrorCode.INVALID_FIELD,
                "MANIFEST_RESULT count 16385 exceeds the limit of 16384");
        assertRejected(0x0A, manifestPage(0, PIECE, 0, 0, 0xFFFF, 0), ErrorCode.INVALID_FIELD, "count 65535");
    }

    @Test
    void shouldRejectAManifestCountThatDoesNotMatchTheHashesPresent() {
        assertRejected(0x0A, manifestPage(3L * PIECE, PIECE, 3, 0, 3, 2), ErrorCode.MALFORMED_FRAME, "truncated");
        assertRejected(0x0A, manifestPage(3L * PIECE, PIECE, 3, 0, 1, 2), ErrorCode.MALFORMED_FRAME, "32 unexpected trailing bytes");
    }

    // --- BITFIELD_RESULT (0x0C) ---

    @ParameterizedTest
    @ValueSource(ints = {10, 11, 12, 13, 14, 15})
    void shouldRejectASpareBitSet(int bit) {
        byte[] bits = new byte[2];
        bits[bit >>> 3] |= (byte) (0x80 >>> (bit & 7));

        assertRejected(0x0C, concat(u32(10), bits), ErrorCode.INVALID_FIELD,
                "BITFIELD_RESULT sets spare bit " + bit + " of a file of 10 pieces");
    }

    @Test
    void shouldAcceptEveryRealBitOfTheLastByte() throws Exception {
        BitfieldResult result = (BitfieldResult) decode(frame(2, 0x0C, concat(u32(10), hex("ff c0"))), 2);

        assertThat(result.held()).isEqualTo(10);
        assertThat(result.pieces().nextClearBit(0)).isEqualTo(10);
    }

    @ParameterizedTest
    @ValueSource(longs = {(1 << 22) + 1, 0x8000_0000L, 0xFFFF_FFFFL})
    void shouldRejectMoreThanTwoToTheTwentyTwoPiecesBeforeReadingTheBits(long pieceCount) {
        assertRejected(0x0C, u32(pieceCount), ErrorCode.INVALID_FIELD,
                "BITFIELD_RESULT piece_count " + pieceCount + " exceeds the limit of 4194304");
    }

    @Test
    void shouldRejectABitfieldOfAnotherLengthThanItsPieceCount() {
        assertRejected(0x0C, concat(u32(9), hex("ff")), ErrorCode.MALFORMED_FRAME, "field bits needs 2 bytes, 1 left");
        assertRejected(0x0C, concat(u32(8), hex("ff 00")), ErrorCode.MALFORMED_FRAME, "1 unexpected trailing bytes");
        assertRejected(0x0C, concat(u32(0), hex("00")), ErrorCode.MALFORMED_FRAME, "1 unexpected trailing bytes");
    }

    // --- HAVE_RESULT (0x0E) ---

    @Test
    void shouldRejectHaveEntriesReachingBeyondTheTotal() {
        assertRejected(0x0E, haveResult(4, 5, 1, 2), ErrorCode.INVALID_FIELD, "HAVE_RESULT entries 4+2 exceed total 5");
        assertRejected(0x0E, haveResult(6, 5), ErrorCode.INVALID_FIELD, "entries 6+0 exceed total 5");
    }

    @ParameterizedTest
    @ValueSource(longs = {1 << 22, (1 << 22) + 1, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL})
    void shouldRejectAPieceIndexOfTwoToTheTwentyTwoOrAbove(long piece) {
        // above 2^31 the index is negative as a Java int: the message must still show the wire value
        assertRejected(0x0E, haveResult(0, 2, 1, piece), ErrorCode.INVALID_FIELD, "HAVE_RESULT piece " + piece + " is out of range");
    }

    @Test
    void shouldRejectAHaveTotalAboveTheLargestFile() {
        assertRejected(0x0E, haveResult(0, MAX_PIECES + 1), ErrorCode.INVALID_FIELD, "HAVE_RESULT total 4194305 exceeds");
    }

    @Test
    void shouldRejectAHaveCountAboveTheLimitOrNotMatchingTheEntries() {
        assertRejected(0x0E, concat(u32(0), u32(MAX_PIECES), u16(16_385)), ErrorCode.INVALID_FIELD,
                "HAVE_RESULT count 16385 exceeds the limit of 16384");
        assertRejected(0x0E, concat(u32(0), u32(3), u16(3), u32(0), u32(1)), ErrorCode.MALFORMED_FRAME, "field pieces needs 12 bytes, 8 left");
        assertRejected(0x0E, concat(u32(0), u32(3), u16(1), u32(0), u32(1)), ErrorCode.MALFORMED_FRAME, "4 unexpected trailing bytes");
    }

    // --- RETRY_LATER (0x0F) ---

    @ParameterizedTest
    @ValueSource(longs = {60_001, 0x8000_0000L, 0xFFFF_FFFFL})
    void shouldRejectARetryAfterAboveOneMinute(long millis) {
        assertRejected(0x0F, concat(u32(millis), string("busy")), ErrorCode.INVALID_FIELD,
                "RETRY_LATER retry_after_ms " + millis + " exceeds the limit of 60000");
    }

    @Test
    void shouldRejectARetryLaterMessageAboveItsLimitOrNotUtf8() {
        byte[] text = new byte[1025];
        java.util.Arrays.fill(text, (byte) 'r');
        assertRejected(0x0F, concat(u32(1), string(text)), ErrorCode.INVALID_FIELD, "message is 1025 bytes");
        assertRejected(0x0F, concat(u32(1), string(hex("c0 af"))), ErrorCode.MALFORMED_FRAME, "message is not valid UTF-8");
    }

    // --- the requests: MANIFEST (0x09), BITFIELD (0x0B), HAVE (0x0D) ---

    @ParameterizedTest
    @ValueSource(strings = {"", "..", "a/b", "x\u0000", " lead"})
    void shouldRejectAnInvalidNameInEveryVersionTwoRequest(String name) {
        byte[] utf8 = string(name.getBytes(StandardCharsets.UTF_8));
        byte[] digest = sha(1).bytes();

        assertRejected(0x09, concat(utf8, digest, u32(0)), ErrorCode.INVALID_FIELD, "MANIFEST field name: file name");
        assertRejected(0x0B, concat(utf8, digest), ErrorCode.INVALID_FIELD, "BITFIELD field name: file name");
        assertRejected(0x0D, concat(utf8, digest, u32(0)), ErrorCode.INVALID_FIELD, "HAVE field name: file name");
    }

    @Test
    void shouldRejectARequestWithoutItsWholeDigest() {
        byte[] name = string("a");
        assertRejected(0x0B, concat(name, new byte[31]), ErrorCode.MALFORMED_FRAME, "field sha256 needs 32 bytes, 31 left");
        assertRejected(0x09, concat(name, sha(1).bytes(), hex("00 00 00")), ErrorCode.MALFORMED_FRAME, "field start needs 4 bytes");
        assertRejected(0x0D, concat(name, sha(1).bytes(), u32(0), hex("00")), ErrorCode.MALFORMED_FRAME, "trailing");
    }
}
