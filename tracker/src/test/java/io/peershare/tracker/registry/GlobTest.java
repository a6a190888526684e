package io.peershare.tracker.registry;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The glob matcher: shell semantics, case-insensitive, and no pattern/name pair that takes long. */
class GlobTest {

    @Test
    void shouldMatchStarsQuestionMarksAndLiteralsCaseInsensitively() {
        assertThat(Glob.compile("*.PNG").matches("cat.png")).isTrue();
        assertThat(Glob.compile("c?t.*").matches("cat.png")).isTrue();
        assertThat(Glob.compile("c?t").matches("cat.png")).isFalse();
        assertThat(Glob.compile("*a*a*").matches("banana")).isTrue();
        assertThat(Glob.compile("*a*a*a*a*").matches("banana")).isFalse();
        assertThat(Glob.compile("ab*ba").matches("aba")).isFalse(); // prefix and suffix may not overlap
        assertThat(Glob.compile("a**b").matches("ab")).isTrue();
        assertThat(Glob.compile("?").matches("\uD83D\uDE00")).isTrue(); // one code point, two chars
        assertThat(Glob.compile("ÉTÉ*").matches("été.txt")).isTrue();
        assertThat(Glob.compile("a.c").matches("abc")).isFalse(); // no regex meaning anywhere
        assertThat(Glob.compile("[a]").matches("[A]")).isTrue();
        assertThat(Glob.compile(null).matches("anything")).isTrue();
        assertThat(Glob.compile("  ").matchesEverything()).isTrue();
        assertThat(Glob.compile("***").matches("")).isTrue();
    }

    @Test
    void shouldAgreeWithARegexOnRandomPatternsAndNames() {
        Random random = new Random(7);
        String alphabet = "abAB*?";
        for (int round = 0; round < 20_000; round++) {
            String pattern = randomString(random, alphabet, 6);
            String name = randomString(random, "abAB", 8);
            Pattern regex = Pattern.compile(pattern.replace("?", ".").replace("*", ".*"),
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
            assertThat(Glob.compile(pattern).matches(name)).as(pattern + " vs " + name)
                    .isEqualTo(pattern.isBlank() || regex.matcher(name).matches());
        }
    }

    @Test
    void shouldMatchTheWorstPatternsAgainstA255CharacterNameQuickly() {
        String name = "a".repeat(255);
        List<String> patterns = List.of("*a".repeat(15) + "*b", "*a".repeat(500) + "*b", "?*".repeat(511),
                "*" + "a?".repeat(300) + "*b", "*aaaaaaaaaaaaaaaaaaaaaaaaaaaaab*" + "*a".repeat(400));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < 100; i++) { // 100 rounds: still far from a second if each is linear-bounded
                for (String pattern : patterns) {
                    assertThat(Glob.compile(pattern).matches(name)).isFalse();
                }
            }
        });
    }

    @Test
    void shouldRefuseAPatternLongerThanTheLimit() {
        assertThatThrownBy(() -> Glob.compile("*".repeat(Glob.MAX_LENGTH + 1))).isInstanceOf(RegistryException.class);
    }

    private static String randomString(Random random, String alphabet, int maxLength) {
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
