package io.peershare.protocol.wire;

import io.peershare.protocol.ExampleFile;
import io.peershare.protocol.Sha256;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static io.peershare.protocol.wire.Frames.decode;
import static io.peershare.protocol.wire.Frames.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Failure class "exact encoding": fixed byte arrays, annotated field by field, that must match the
 * encoder's output and decode back. These are the worked examples of docs/protocol.md.
 */
class GoldenBytesTest {

    /** SHA-256 of the empty string, a well-known value anyone can check. */
    static final Sha256 EMPTY = Sha256.parse("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    /** SHA-256 of the 5 ASCII bytes "hello". */
    static final Sha256 HELLO_BYTES = Sha256.parse("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");

    private static void assertGolden(Message message, byte[] golden) throws IOException {
        assertGolden(message, golden, 1);
    }

    private static void assertGolden(Message message, byte[] golden, int version) throws IOException {
        assertThat(WireCodec.encode(message, version)).as("encoding of %s", message).isEqualTo(golden);
        assertThat(decode(golden, version)).as("decoding of the golden bytes").isEqualTo(message);
    }

    @Test
    void shouldEncodePingExactly() throws IOException {
        assertGolden(new Ping(0x0102030405060708L), hex("""
                5053                 | magic "PS"
                01                   | version 1
                03                   | type PING
                00000008             | payload length 8
                0102030405060708     | nonce u64
                """));
    }

    @Test
    void shouldEncodePongWithTheSameLayoutAsPing() throws IOException {
        assertGolden(new Pong(-2), hex("""
                5053 01 04 00000008  | header, type PONG
                fffffffffffffffe     | nonce u64 (-2 as two's complement)
                """));
    }

    @Test
    void shouldEncodeHelloExactly() throws IOException {
        assertGolden(new Hello(1, 1, "peershare/0.1"), hex("""
                5053 01 01 00000011        | header, type HELLO, payload 17
                01                         | min_version
                01                         | max_version
                000d                       | agent length 13
                7065657273686172652f302e31 | "peershare/0.1"
                """));
    }

    @Test
    void shouldEncodeHelloAckExactly() throws IOException {
        assertGolden(new HelloAck(1, ""), hex("""
                5053 01 02 00000003  | header, type HELLO_ACK, payload 3
                01                   | version
                0000                 | agent length 0
                """));
    }

    @Test
    void shouldEncodeListExactly() throws IOException {
        assertGolden(new ListFiles(0x0102), hex("""
                5053 01 05 00000004  | header, type LIST, payload 4
                00000102             | start u32
                """));
    }

    @Test
    void shouldEncodeGetForTheWholeFileExactly() throws IOException {
        assertGolden(Get.whole("cat.png", EMPTY), hex("""
                5053                 | magic "PS"
                01                   | version 1
                07                   | type GET
                00000039             | payload length 57 = 2 + 7 + 32 + 8 + 8
                0007                 | name length 7
                6361742e706e67       | "cat.png"
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 | sha256
                0000000000000000     | offset 0
                ffffffffffffffff     | length all ones = to the end
                """));
    }

    @Test
    void shouldEncodeAResumingGetBeyondFourGibibytesExactly() throws IOException {
        Sha256 digest = Frames.sha(0);
        assertGolden(new Get("big.iso", digest, 5L << 30, 0x1_0000_0000L), hex("""
                5053 01 07 00000039  | header, type GET, payload 57
                0007 6269672e69736f  | name "big.iso"
                000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f | sha256
                0000000140000000     | offset 5 GiB, does not fit in 32 bits
                0000000100000000     | length 4 GiB
                """));
    }

    @Test
    void shouldEncodeDataHeaderExactlyAndLeaveTheRawBytesOutsideTheFrame() throws IOException {
        byte[] golden = hex("""
                5053 01 08 00000038  | header, type DATA, payload 56 = 8 + 8 + 8 + 32
                0000000000000000     | offset 0
                0000000000000005     | length 5
                0000000000000005     | file_size 5
                2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824 | sha256 of "hello"
                """);
        byte[] raw = hex("68656c6c6f | \"hello\": the 5 raw bytes, outside any frame");
        DataHeader header = new DataHeader(0, 5, 5, HELLO_BYTES);

        assertGolden(header, golden);
        InputStream wire = new ByteArrayInputStream(Frames.concat(golden, raw));
        assertThat(WireCodec.read(wire)).isEqualTo(header);
        assertThat(wire.readAllBytes()).isEqualTo("hello".getBytes());
    }

    @Test
    void shouldEncodeErrorExactly() throws IOException {
        assertGolden(new ErrorMessage(ErrorCode.NO_SUCH_FILE, "no such file"), hex("""
                5053 01 7f 00000010      | header, type ERROR, payload 16
                0010                     | code 16 = NO_SUCH_FILE
                000c                     | message length 12
                6e6f20737563682066696c65 | "no such file"
                """));
    }

    @Test
    void shouldEncodeListResultExactly() throws IOException {
        assertGolden(new ListResult(3, 2, List.of(new FileInfo("é", 0x1_0000_0000L, Frames.sha(0)))), hex("""
                5053 01 06 00000036  | header, type LIST_RESULT, payload 54
                00000003             | total 3
                00000002             | start 2
                0001                 | count 1
                0002 c3a9            | name "é" is two UTF-8 bytes
                0000000100000000     | size 4 GiB
                000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f | sha256
                """));
    }

    // --- version 2 ---

    @Test
    void shouldEncodeAVersionTwoHelloAsAVersionOneFrame() throws IOException {
        assertGolden(new Hello(1, 2, "peershare/0.2"), hex("""
                5053 01 01 00000011        | header: version 1 (every HELLO), type HELLO, payload 17
                01                         | min_version 1
                02                         | max_version 2
                000d                       | agent length 13
                7065657273686172652f302e32 | "peershare/0.2"
                """));
        assertGolden(new HelloAck(2, ""), hex("""
                5053 01 02 00000003  | header: version 1 (the handshake's answer), type HELLO_ACK, payload 3
                02                   | version 2 chosen: every later frame carries 02
                0000                 | agent length 0
                """));
    }

    @Test
    void shouldEncodeManifestExactly() throws IOException {
        assertGolden(new ManifestRequest("data.bin", ExampleFile.SHA256, 0), hex("""
                5053 02 09 0000002e  | header: version 2, type MANIFEST, payload 46 = 2 + 8 + 32 + 4
                0008 646174612e62696e | name "data.bin"
                cb19a49528518518ad13dad3787b92cbc544fbf743287e11fc7e377d85851d42 | sha256 of the whole file
                00000000             | start 0
                """), 2);
    }

    @Test
    void shouldEncodeManifestResultExactly() throws IOException {
        assertGolden(new ManifestPage(ExampleFile.SIZE, 1 << 20, 2, 0, List.of(ExampleFile.PIECE_0, HELLO_BYTES)), hex("""
                5053 02 0a 00000056  | header: version 2, type MANIFEST_RESULT, payload 86 = 22 + 2 x 32
                0000000000100005     | file_size 1 048 581
                00100000             | piece_size 1 048 576
                00000002             | piece_count 2 = ceil(1 048 581 / 1 048 576)
                00000000             | start 0
                0002                 | count 2
                30e14955ebf1352266dc2ff8067e68104607e750abb9d3b36582b8af909fcb58 | piece 0: SHA-256 of 1 MiB of zeros
                2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824 | piece 1: SHA-256 of "hello"
                """), 2);
    }

    @Test
    void shouldEncodeBitfieldExactly() throws IOException {
        assertGolden(new BitfieldRequest("clip.mp4", Frames.sha(0)), hex("""
                5053 02 0b 0000002a  | header: version 2, type BITFIELD, payload 42 = 2 + 8 + 32
                0008 636c69702e6d7034 | name "clip.mp4"
                000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f | sha256
                """), 2);
    }

    @Test
    void shouldEncodeBitfieldResultHighBitFirst() throws IOException {
        java.util.BitSet held = new java.util.BitSet();
        held.set(0);
        held.set(1);
        held.set(9);
        assertGolden(new BitfieldResult(10, held), hex("""
                5053 02 0c 00000006  | header: version 2, type BITFIELD_RESULT, payload 6 = 4 + ceil(10 / 8)
                0000000a             | piece_count 10
                c0                   | 1100 0000: pieces 0 and 1 (piece 0 is the high bit)
                40                   | 0100 0000: piece 9; bits of pieces 10-15 do not exist and are 0
                """), 2);
    }

    @Test
    void shouldEncodeHaveAndHaveResultExactly() throws IOException {
        assertGolden(new HaveRequest("clip.mp4", Frames.sha(0), 3), hex("""
                5053 02 0d 0000002e  | header: version 2, type HAVE, payload 46 = 2 + 8 + 32 + 4
                0008 636c69702e6d7034 | name "clip.mp4"
                000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f | sha256
                00000003             | serial 3: the client knows the first 3 entries of the have-log
                """), 2);
        assertGolden(new HaveResult(3, 5, List.of(4, 2)), hex("""
                5053 02 0e 00000012  | header: version 2, type HAVE_RESULT, payload 18 = 10 + 2 x 4
                00000003             | from 3 (= serial)
                00000005             | total 5 entries in the log now
                0002                 | count 2
                00000004             | log entry 3: piece 4
                00000002             | log entry 4: piece 2
                """), 2);
    }

    @Test
    void shouldEncodeRetryLaterExactly() throws IOException {
        assertGolden(new RetryLater(500, "all 4 upload slots are busy"), hex("""
                5053 02 0f 00000021  | header: version 2, type RETRY_LATER, payload 33 = 4 + 2 + 27
                000001f4             | retry_after_ms 500
                001b                 | message length 27
                616c6c20342075706c6f616420736c6f7473206172652062757379 | "all 4 upload slots are busy"
                """), 2);
    }

    @Test
    void shouldEncodeAGetOfOnePieceAndNotHeldInVersionTwoFrames() throws IOException {
        assertGolden(new Get("data.bin", ExampleFile.SHA256, 1 << 20, 5), hex("""
                5053 02 07 0000003a  | header: version 2, type GET (layout of version 1), payload 58
                0008 646174612e62696e | name "data.bin"
                cb19a49528518518ad13dad3787b92cbc544fbf743287e11fc7e377d85851d42 | sha256
                0000000000100000     | offset 1 048 576: piece 1 starts here
                0000000000000005     | length 5: piece 1 is the short last piece
                """), 2);
        assertGolden(new ErrorMessage(ErrorCode.NOT_HELD, "piece 7 not held yet"), hex("""
                5053 02 7f 00000018  | header: version 2, type ERROR, payload 24
                0013                 | code 19 = NOT_HELD
                0014                 | message length 20
                7069656365203720 6e6f742068656c6420796574 | "piece 7 not held yet"
                """), 2);
    }

    @Test
    void shouldUseTheMessageIdsAndVersionsOfTheSpecification() {
        assertThat(MessageType.values()).extracting(MessageType::id, MessageType::since).containsExactly(
                tuple(0x01, 1), tuple(0x02, 1), tuple(0x03, 1), tuple(0x04, 1), tuple(0x05, 1), tuple(0x06, 1),
                tuple(0x07, 1), tuple(0x08, 1),
                tuple(0x09, 2), tuple(0x0A, 2), tuple(0x0B, 2), tuple(0x0C, 2), tuple(0x0D, 2), tuple(0x0E, 2),
                tuple(0x0F, 2),
                tuple(0x7F, 1));
    }
}
