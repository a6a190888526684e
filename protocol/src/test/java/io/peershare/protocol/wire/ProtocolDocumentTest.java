package io.peershare.protocol.wire;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
        byte[] frame = example("### 14.1");

        assertThat(Frames.decode(frame)).isEqualTo(new Ping(0x0102030405060708L));
        assertThat(WireCodec.encode(new Ping(0x0102030405060708L))).isEqualTo(frame);
    }

    @Test
    void shouldDecodeTheGetExample() throws IOException {
        byte[] frame = example("### 14.2");
        Get get = Get.whole("cat.png", GoldenBytesTest.EMPTY);

        assertThat(frame).hasSize(65);
        assertThat(Frames.decode(frame)).isEqualTo(get);
        assertThat(WireCodec.encode(get)).isEqualTo(frame);
    }

    @Test
    void shouldDecodeTheDataExampleAndItsRawBytes() throws IOException {
        byte[] wire = example("### 14.3");
        InputStream in = new ByteArrayInputStream(wire);

        assertThat(WireCodec.read(in)).isEqualTo(new DataHeader(0, 5, 5, GoldenBytesTest.HELLO_BYTES));
        assertThat(in.readAllBytes()).isEqualTo("hello".getBytes());
        assertThat(WireCodec.encode(new DataHeader(0, 5, 5, GoldenBytesTest.HELLO_BYTES)))
                .isEqualTo(Arrays.copyOf(wire, wire.length - 5));
    }

    @Test
    void shouldDecodeTheErrorExample() throws IOException {
        byte[] frame = example("### 14.4");

        assertThat(Frames.decode(frame)).isEqualTo(new ErrorMessage(ErrorCode.NO_SUCH_FILE, "no such file"));
    }

    @Test
    void shouldStateTheLimitsOfTheCode() {
        String text = String.join("\n", lines);

        assertThat(text)
                .contains("`payload_length` > 1 048 576 → `FRAME_TOO_LARGE`")
                .contains("| `agent` | ≤ " + WireLimits.MAX_AGENT_BYTES + " bytes |")
                .contains("| `ERROR` message | ≤ " + WireLimits.MAX_ERROR_MESSAGE_BYTES + " bytes |")
                .contains("| `LIST_RESULT` entries | ≤ " + WireLimits.MAX_LIST_ENTRIES + " per page |")
                .contains("| `name` | 1 to " + io.peershare.protocol.SharedName.MAX_BYTES + " bytes |");
        assertThat(WireLimits.MAX_PAYLOAD_BYTES).isEqualTo(1_048_576);
    }
}
