package io.peershare.protocol.wire;

import io.peershare.protocol.Sha256;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static io.peershare.protocol.wire.Frames.decode;
import static io.peershare.protocol.wire.Frames.hex;
import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(WireCodec.encode(message)).as("encoding of %s", message).isEqualTo(golden);
        assertThat(decode(golden)).as("decoding of the golden bytes").isEqualTo(message);
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

    @Test
    void shouldUseTheMessageIdsOfTheSpecification() {
        assertThat(MessageType.values()).extracting(MessageType::id)
                .containsExactly(0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x7F);
    }
}
