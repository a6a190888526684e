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
 * Failure class "invalid": complete version-1 frames whose bytes break a rule. Each must be a
 * {@link ProtocolException} carrying the code the receiver sends back, and a message naming the offending value.
 * The types of version 2 have theirs in {@link InvalidVersionTwoFrameTest}.
 */
class InvalidFrameTest {

    private static ProtocolException rejected(byte[] frame) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> decode(frame));
        assertThat(e).as("decoding should have failed with a ProtocolException").isNotNull();
        return e;
    }

    private static void assertRejected(byte[] frame, ErrorCode code, String mentioning) {
        ProtocolException e = rejected(frame);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e).hasMessageContaining(mentioning);
    }

    private static byte[] getPayload(byte[] name, long offset, long length) {
        return concat(string(name), sha(1).bytes(), u64(offset), u64(length));
    }

    private static byte[] fileEntry(byte[] name) {
        return concat(string(name), u64(1), sha(2).bytes());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // --- header ---

    @Test
    void shouldRejectAWrongMagic() {
        assertRejected(frame(0x5054, 1, 0x03, 8, new byte[8]), ErrorCode.MALFORMED_FRAME, "0x5054");
    }

    @Test
    void shouldRejectSomeoneSpeakingHttpToAPeer() {
        assertRejected(utf8("GET / HTTP/1.1\r\nHost: peer1\r\n\r\n"), ErrorCode.MALFORMED_FRAME, "not a peershare peer");
    }

    // a frame version other than the connection's: VersionMismatchTest; a type id a version lacks: UnknownTypeTest

    // --- payload shape ---

    @Test
    void shouldRejectTrailingBytesAfterTheLastField() {
        assertRejected(frame(0x03, new byte[9]), ErrorCode.MALFORMED_FRAME, "1 unexpected trailing bytes");
    }

    @Test
    void shouldRejectAPayloadShorterThanItsFields() {
        assertRejected(frame(0x04, new byte[7]), ErrorCode.MALFORMED_FRAME, "field nonce needs 8 bytes, 7 left");
    }

    @Test
    void shouldRejectAStringLongerThanThePayloadHolds() {
        assertRejected(frame(0x7F, concat(u16(16), u16(100), utf8("short"))), ErrorCode.MALFORMED_FRAME, "truncated");
    }

    @Test
    void shouldRejectAStringAboveItsFieldLimit() {
        byte[] agent = new byte[WireLimits.MAX_AGENT_BYTES + 1];
        java.util.Arrays.fill(agent, (byte) 'a');
        assertRejected(frame(0x01, concat(hex("01 01"), string(agent))), ErrorCode.INVALID_FIELD, "agent is 257 bytes");
    }

    @Test
    void shouldRejectAnErrorMessageAboveItsLimit() {
        byte[] text = new byte[WireLimits.MAX_ERROR_MESSAGE_BYTES + 1];
        java.util.Arrays.fill(text, (byte) 'e');
        assertRejected(frame(0x7F, concat(u16(16), string(text))), ErrorCode.INVALID_FIELD, "message is 1025 bytes");
    }

    // --- UTF-8 ---

    @ParameterizedTest
    @ValueSource(strings = {
            "c328",   // a two-byte lead followed by an ASCII byte
            "ff",     // a byte that never occurs in UTF-8
            "c0af",   // overlong "/", the classic way to smuggle a path separator past a naive check
            "eda080", // a UTF-16 surrogate encoded as UTF-8 (CESU-8)
            "e6a5"})  // a three-byte character cut short
    void shouldRejectInvalidUtf8InAName(String badBytes) {
        assertRejected(frame(0x07, getPayload(hex(badBytes), 0, Get.TO_END)), ErrorCode.MALFORMED_FRAME, "not valid UTF-8");
    }

    @Test
    void shouldRejectInvalidUtf8InAnAgentOrErrorText() {
        assertRejected(frame(0x01, concat(hex("01 01"), string(hex("61 ff")))), ErrorCode.MALFORMED_FRAME, "agent is not valid UTF-8");
        assertRejected(frame(0x7F, concat(u16(16), string(hex("c3")))), ErrorCode.MALFORMED_FRAME, "message is not valid UTF-8");
    }

    // --- field domains ---

    @Test
    void shouldRejectANegativeGetOffset() {
        assertRejected(frame(0x07, getPayload(utf8("a"), Long.MIN_VALUE, 1)), ErrorCode.INVALID_FIELD, "offset must not be negative");
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, Long.MIN_VALUE})
    void shouldRejectANegativeGetLengthOtherThanToEnd(long length) {
        assertRejected(frame(0x07, getPayload(utf8("a"), 0, length)), ErrorCode.INVALID_FIELD, "length must not be negative");
    }

    @Test
    void shouldRejectDataWithNegativeOrImpossibleRanges() {
        byte[] digest = sha(1).bytes();
        assertRejected(frame(0x08, concat(u64(-1), u64(0), u64(0), digest)), ErrorCode.INVALID_FIELD, "must not be negative");
        assertRejected(frame(0x08, concat(u64(0), u64(-5), u64(0), digest)), ErrorCode.INVALID_FIELD, "must not be negative");
        assertRejected(frame(0x08, concat(u64(0), u64(0), u64(Long.MIN_VALUE), digest)), ErrorCode.INVALID_FIELD, "must not be negative");
        assertRejected(frame(0x08, concat(u64(8), u64(3), u64(10), digest)), ErrorCode.INVALID_FIELD, "exceeds file size 10");
        assertRejected(frame(0x08, concat(u64(11), u64(0), u64(10), digest)), ErrorCode.INVALID_FIELD, "exceeds file size 10");
    }

    @Test
    void shouldRejectAnEmptyOrInvertedHelloRange() {
        assertRejected(frame(0x01, concat(hex("00 01"), string(""))), ErrorCode.INVALID_FIELD, "0..1");
        assertRejected(frame(0x01, concat(hex("03 02"), string(""))), ErrorCode.INVALID_FIELD, "3..2");
        assertRejected(frame(0x02, concat(hex("00"), string(""))), ErrorCode.INVALID_FIELD, "at least 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "a\\b", "a\u0000b", "a\nb", " lead", "trail ", "del\u007f", "c1\u0085"})
    void shouldRejectAnInvalidNameInGet(String name) {
        ProtocolException e = rejected(frame(0x07, getPayload(utf8(name), 0, Get.TO_END)));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(e).hasMessageStartingWith("GET field name: ").hasMessageContaining("file name");
    }

    @Test
    void shouldRejectANameLongerThan255BytesBeforeDecodingIt() {
        byte[] name = new byte[256];
        java.util.Arrays.fill(name, (byte) 'n');
        assertRejected(frame(0x07, getPayload(name, 0, Get.TO_END)), ErrorCode.INVALID_FIELD, "256 bytes; the limit is 255");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../etc/passwd", "x\u0000", ""})
    void shouldRejectAnInvalidNameInListResult(String name) {
        byte[] payload = concat(u32(2), u32(0), u16(2), fileEntry(utf8("fine.txt")), fileEntry(utf8(name)));

        assertRejected(frame(0x06, payload), ErrorCode.INVALID_FIELD, "LIST_RESULT field name");
    }

    // --- LIST_RESULT count ---

    @Test
    void shouldRejectACountHigherThanTheEntriesPresent() {
        byte[] payload = concat(u32(3), u32(0), u16(3), fileEntry(utf8("a")), fileEntry(utf8("b")));

        assertRejected(frame(0x06, payload), ErrorCode.MALFORMED_FRAME, "truncated");
    }

    @Test
    void shouldRejectACountLowerThanTheEntriesPresent() {
        byte[] payload = concat(u32(3), u32(0), u16(1), fileEntry(utf8("a")), fileEntry(utf8("b")));

        assertRejected(frame(0x06, payload), ErrorCode.MALFORMED_FRAME, "trailing bytes");
    }

    @Test
    void shouldRejectACountAboveThePageLimitBeforeReadingEntries() {
        byte[] payload = concat(u32(0xFFFF_FFFFL), u32(0), u16(0xFFFF));

        assertRejected(frame(0x06, payload), ErrorCode.INVALID_FIELD, "count 65535 exceeds the limit of 2048");
    }

    @Test
    void shouldRejectAPageReachingBeyondTheTotal() {
        byte[] payload = concat(u32(1), u32(1), u16(1), fileEntry(utf8("a")));

        assertRejected(frame(0x06, payload), ErrorCode.INVALID_FIELD, "exceeds total 1");
    }
}
