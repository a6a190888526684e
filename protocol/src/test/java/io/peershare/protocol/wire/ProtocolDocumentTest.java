package io.peershare.protocol.wire;

import io.peershare.protocol.ExampleFile;
import io.peershare.protocol.PieceHasher;
import io.peershare.protocol.PieceManifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/protocol.md is normative, so its tables and worked examples are checked against the code: a change
 * to either side that is not made to the other fails here.
 */
class ProtocolDocumentTest {

    /** A hex dump line: 4-digit offset, two spaces, up to 16 space-separated bytes, then optional notes. */
    private static final Pattern DUMP_LINE =
            Pattern.compile("^[0-9a-f]{4}  ([0-9a-f]{2}(?: [0-9a-f]{2}){0,15})(?:\\s{2,}.*)?$");
    private static final Pattern MESSAGE_ROW = Pattern.compile("^\\| `0x([0-9A-F]{2})` \\| `([A-Z_]+)` \\|.*");
    private static final Pattern ERROR_ROW = Pattern.compile("^\\| (\\d+) \\| `([A-Z_]+)` \\| (yes|no) \\|.*");

    private static List<String> lines;

    @BeforeAll
    static void readDocument() throws IOException {
        // surefire runs in the module folder; the document lives at the repository root
        Path document = Path.of("..", "docs", "protocol.md");
        assertThat(document).as("docs/protocol.md next to the protocol module").exists();
        lines = Files.readAllLines(document);
    }

    /** The bytes of the first hex dump after the heading that starts with {@code heading}. */
    private static byte[] example(String heading) {
        int at = 0;
        while (at < lines.size() && !lines.get(at).startsWith(heading)) {
            at++;
        }
        assertThat(at).as("heading %s", heading).isLessThan(lines.size());
        while (!lines.get(at).startsWith("```")) {
            at++;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (at++; !lines.get(at).startsWith("```"); at++) {
            Matcher line = DUMP_LINE.matcher(lines.get(at));
            assertThat(line.matches()).as("hex dump line: %s", lines.get(at)).isTrue();
            bytes.writeBytes(HexFormat.of().parseHex(line.group(1).replace(" ", "")));
        }
        return bytes.toByteArray();
    }

    @Test
    void shouldListExactlyTheMessageTypesOfTheCode() {
        Map<String, Integer> documented = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher row = MESSAGE_ROW.matcher(line);
            if (row.matches()) {
                documented.put(row.group(2), Integer.parseInt(row.group(1), 16));
            }
        }
        Map<String, Integer> code = new LinkedHashMap<>();
        for (MessageType type : MessageType.values()) {
            code.put(type.name(), type.id());
        }

        assertThat(documented).containsExactlyEntriesOf(code);
    }

    @Test
    void shouldListExactlyTheErrorCodesOfTheCode() {
        Map<String, String> documented = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher row = ERROR_ROW.matcher(line);
            if (row.matches()) {
                documented.put(row.group(2), row.group(1) + (row.group(3).equals("yes") ? " fatal" : " non-fatal"));
            }
        }
        Map<String, String> code = new LinkedHashMap<>();
        for (ErrorCode error : ErrorCode.values()) {
            if (error != ErrorCode.UNKNOWN) {
                code.put(error.name(), error.code() + (error.fatal() ? " fatal" : " non-fatal"));
            }
        }

        assertThat(documented).containsExactlyEntriesOf(code);
    }

    @Test
    void shouldDecodeThePingExample() throws IOException {
        byte[] frame = example("### 18.1");

        assertThat(Frames.decode(frame)).isEqualTo(new Ping(0x0102030405060708L));
        assertThat(WireCodec.encode(new Ping(0x0102030405060708L))).isEqualTo(frame);
    }

    @Test
    void shouldDecodeTheGetExample() throws IOException {
        byte[] frame = example("### 18.2");
        Get get = Get.whole("cat.png", GoldenBytesTest.EMPTY);

        assertThat(frame).hasSize(65);
        assertThat(Frames.decode(frame)).isEqualTo(get);
        assertThat(WireCodec.encode(get)).isEqualTo(frame);
    }

    @Test
    void shouldDecodeTheDataExampleAndItsRawBytes() throws IOException {
        byte[] wire = example("### 18.3");
        InputStream in = new ByteArrayInputStream(wire);

        assertThat(WireCodec.read(in)).isEqualTo(new DataHeader(0, 5, 5, GoldenBytesTest.HELLO_BYTES));
        assertThat(in.readAllBytes()).isEqualTo("hello".getBytes());
        assertThat(WireCodec.encode(new DataHeader(0, 5, 5, GoldenBytesTest.HELLO_BYTES)))
                .isEqualTo(Arrays.copyOf(wire, wire.length - 5));
    }

    @Test
    void shouldDecodeTheErrorExample() throws IOException {
        byte[] frame = example("### 18.4");

        assertThat(Frames.decode(frame)).isEqualTo(new ErrorMessage(ErrorCode.NO_SUCH_FILE, "no such file"));
        assertThat(WireCodec.encode(new ErrorMessage(ErrorCode.NO_SUCH_FILE, "no such file"))).isEqualTo(frame);
    }

    // --- version 2 ---

    /** Decodes a version-{@code version} example and checks that the encoder gives back exactly its bytes. */
    private static void assertExample(String heading, Message message, int version, int frameBytes) throws IOException {
        byte[] frame = example(heading);

        assertThat(frame).as("bytes of example %s", heading).hasSize(frameBytes);
        assertThat(Frames.decode(frame, version)).isEqualTo(message);
        assertThat(WireCodec.encode(message, version)).isEqualTo(frame);
    }

    @Test
    void shouldDecodeTheHandshakeExamplesAsVersionOneFrames() throws IOException {
        assertExample("### 18.5", new Hello(1, 2, "peershare/0.2"), 1, 25);
        assertExample("### 18.6", new HelloAck(2, ""), 1, 11);
    }

    @Test
    void shouldDecodeTheManifestExamplesOfDataBin() throws IOException {
        assertExample("### 18.7", new ManifestRequest(ExampleFile.NAME, ExampleFile.SHA256, 0), 2, 54);
        assertExample("### 18.8", new ManifestPage(ExampleFile.SIZE, WireLimits.PIECE_SIZE, 2, 0,
                List.of(ExampleFile.PIECE_0, ExampleFile.PIECE_1)), 2, 94);
    }

    @Test
    void shouldStateTheRootsTheCodeComputes() {
        String text = String.join("\n", lines);
        PieceManifest dataBin = PieceHasher.of(ExampleFile.content()).manifest();

        assertThat(text)
                .contains(ExampleFile.SHA256.hex())
                .contains("root(data.bin) = " + dataBin.root().hex())
                .contains(PieceManifest.computeRoot(0, WireLimits.PIECE_SIZE, new byte[0]).hex())
                .contains("root = SHA-256( piece_size u32 | file_size u64 | hash(piece 0) | hash(piece 1) | … | hash(piece n−1) )");
    }

    @Test
    void shouldDecodeTheBitfieldAndHaveExamples() throws IOException {
        BitSet held = new BitSet();
        held.set(0);
        held.set(1);
        held.set(9);

        assertExample("### 18.9", new BitfieldResult(10, held), 2, 14);
        assertExample("### 18.10", new HaveRequest("clip.mp4", Frames.sha(0), 3), 2, 54);
        assertExample("### 18.11", new HaveResult(3, 5, List.of(4, 2)), 2, 26);
    }

    @Test
    void shouldDecodeTheRetryLaterGetAndNotHeldExamples() throws IOException {
        assertExample("### 18.12", new RetryLater(500, "all 4 upload slots are busy"), 2, 41);
        assertExample("### 18.13", new Get(ExampleFile.NAME, ExampleFile.SHA256, WireLimits.PIECE_SIZE, 5), 2, 66);
        assertExample("### 18.14", new ErrorMessage(ErrorCode.NOT_HELD, "piece 7 not held yet"), 2, 32);
    }

    @Test
    void shouldGiveEveryMessageTypeTheVersionThatIntroducedIt() {
        Pattern row = Pattern.compile("^\\| `0x[0-9A-F]{2}` \\| `([A-Z_]+)` \\| (\\d+) \\|.*");
        Map<String, Integer> documented = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher m = row.matcher(line);
            if (m.matches()) {
                documented.put(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        Map<String, Integer> code = new LinkedHashMap<>();
        for (MessageType type : MessageType.values()) {
            code.put(type.name(), type.since());
        }

        assertThat(documented).containsExactlyEntriesOf(code);
    }

    @Test
    void shouldStateTheLimitsOfTheCode() {
        String text = String.join("\n", lines);

        assertThat(text)
                .contains("`payload_length` > 1 048 576 → `FRAME_TOO_LARGE`")
                .contains("| `agent` | ≤ " + WireLimits.MAX_AGENT_BYTES + " bytes |")
                .contains("| request frame payload, at a server | ≤ " + WireLimits.MAX_REQUEST_PAYLOAD_BYTES + " bytes (the largest request)")
                .contains("| `ERROR` message | ≤ " + WireLimits.MAX_ERROR_MESSAGE_BYTES + " bytes |")
                .contains("| `LIST_RESULT` entries | ≤ " + WireLimits.MAX_LIST_ENTRIES + " per page |")
                .contains("| `name` | 1 to " + io.peershare.protocol.SharedName.MAX_BYTES + " bytes |")
                .contains("| `MANIFEST_RESULT` hashes | ≤ " + WireLimits.MAX_MANIFEST_ENTRIES + " per page")
                .contains("| `HAVE_RESULT` entries | ≤ " + WireLimits.MAX_HAVE_ENTRIES + " per answer")
                .contains("| `retry_after_ms` | ≤ " + WireLimits.MAX_RETRY_AFTER_MILLIS + " |")
                .contains("| requests outstanding on one connection | 1 in version 1, ≤ " + WireLimits.MAX_PIPELINED_REQUESTS + " in version 2 |")
                .contains("MAY send up to **" + WireLimits.MAX_PIPELINED_REQUESTS + " requests**")
                .contains("| piece size (version 2) | exactly 1 048 576 bytes;")
                .contains("| pieces per file (version 2) | ≤ 4 194 304 (2^22); files up to 4 TiB");
        assertThat(WireLimits.MAX_PAYLOAD_BYTES).isEqualTo(1_048_576);
        assertThat(WireLimits.PIECE_SIZE).isEqualTo(1_048_576);
        assertThat(WireLimits.MAX_PIECES).isEqualTo(4_194_304);
        assertThat((long) WireLimits.MAX_PIECES * WireLimits.PIECE_SIZE).as("4 TiB").isEqualTo(1L << 42);
    }
}
