package io.peershare.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared-name rules of docs/protocol.md: what a name may hold, and how a refusal reads. */
class SharedNameTest {

    static final String LINE_BREAKS = "\n\r\u0085\u2028\u2029";

    static Stream<String> validNames() {
        return Stream.of(
                "notes.txt",
                "résumé final.pdf",
                "日本語.png",
                "emoji 😀.gif",
                ".hidden",
                "...",
                "a..b",
                "name with  inner   spaces",
                "a".repeat(255),
                "é".repeat(127) + "a",   // 2-byte characters up to exactly 255 bytes
                "日".repeat(85),          // 3-byte characters, exactly 255 bytes
                "😀".repeat(63) + "abc", // 4-byte characters (surrogate pairs), exactly 255 bytes
                "family 👨\u200D👩\u200D👧.png"); // the zero-width joiner stays allowed for emoji sequences
    }

    static Stream<String> invalidNames() {
        return Stream.of(
                "", ".", "..",
                "a/b", "/etc/passwd", "../up", "a\\b", "C:\\x",
                "a\u0000b", "\u0000",
                "line\nbreak", "tab\there", "cr\r",
                "del\u007f",
                "c1\u0080", "nel\u0085", "c1\u009f",
                "a".repeat(256),
                "日".repeat(85) + "a",
                " leading", "trailing ", "\u3000ideographic", "x ",
                "lone\ud800high", "lone\udc00low", "end\ud83d",
                "nbsp\u00a0", "\u00a0nbsp", "line\u2028sep", "para\u2029sep",
                "invoice\u202Efdp.exe", "iso\u2066late", "zero\u200Bwidth", "bom\uFEFF.txt");
    }

    @ParameterizedTest
    @MethodSource("validNames")
    void shouldAcceptAName(String name) {
        assertThat(SharedName.problem(name)).isNull();
        assertThat(SharedName.isValid(name)).isTrue();
        assertThat(SharedName.check(name)).isSameAs(name);
    }

    @ParameterizedTest
    @MethodSource("invalidNames")
    void shouldRejectAName(String name) {
        assertThat(SharedName.isValid(name)).isFalse();
        assertThatThrownBy(() -> SharedName.check(name))
                .isInstanceOf(SharedName.InvalidNameException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(SharedName.problem(name));
    }

    @Test
    void shouldRejectNull() {
        assertThat(SharedName.problem(null)).startsWith("file name is empty");
    }

    @ParameterizedTest
    @MethodSource("invalidNames")
    void shouldExplainARefusalOnOneLineAndSayWhatToDo(String name) {
        String problem = SharedName.problem(name);

        assertThat(problem).startsWith("file name");
        assertThat(problem.chars().filter(c -> Character.isISOControl(c) || LINE_BREAKS.indexOf(c) >= 0)).isEmpty();
        String advice = problem.substring(problem.lastIndexOf("; ") + 2);
        assertThat(advice).matches("(give|choose|use|remove|trim|shorten|re-type) .*");
    }

    @Test
    void shouldEscapeInvisibleCharactersWhenQuotingTheName() {
        assertThat(SharedName.problem("a\nb")).contains("'a\\u000Ab'").contains("U+000A");
        assertThat(SharedName.problem("a/\u2028b")).contains("'a/\\u2028b'");
    }

    @Test
    void shouldShortenAVeryLongNameInTheMessage() {
        String problem = SharedName.problem("x".repeat(10_000) + "/");

        assertThat(problem).contains("path separator").hasSizeLessThan(200).contains("...'");
    }

    @Test
    void shouldSayWhichRuleANameBreaks() {
        assertThat(SharedName.problem("")).isEqualTo("file name is empty; give a name such as notes.txt");
        assertThat(SharedName.problem("..")).contains("reserved");
        assertThat(SharedName.problem("a/b")).contains("path separator");
        assertThat(SharedName.problem("a\u0000")).contains("NUL");
        assertThat(SharedName.problem("a\u0085")).contains("control character (U+0085)");
        assertThat(SharedName.problem("a\u007f")).contains("control character (U+007F)");
        assertThat(SharedName.problem(" a")).contains("whitespace");
        assertThat(SharedName.problem("a\ud800")).contains("unpaired surrogate");
        assertThat(SharedName.problem("a".repeat(256))).contains("256 bytes").contains("255");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100, 255})
    void shouldCountBytesNotCharacters(int bytes) {
        String ascii = "a".repeat(bytes);
        String wide = "日".repeat(bytes / 3 + 1);

        assertThat(SharedName.isValid(ascii)).isTrue();
        assertThat(SharedName.isValid(wide)).isEqualTo(wide.getBytes(StandardCharsets.UTF_8).length <= 255);
    }
}
