package io.peershare.tracker.registry;

import java.util.regex.Pattern;

/** A case-insensitive shell-style pattern: {@code *} any run of characters, {@code ?} one character. */
final class Glob {

    /** Longest pattern accepted; a name is at most 255 bytes, so longer patterns cannot be useful. */
    static final int MAX_LENGTH = 1024;

    private Glob() {
    }

    /** Matches everything when {@code glob} is null or blank. */
    static Pattern compile(String glob) {
        if (glob == null || glob.isBlank()) {
            return Pattern.compile(".*", Pattern.DOTALL);
        }
        if (glob.length() > MAX_LENGTH) {
            throw RegistryException.invalid("pattern is " + glob.length() + " characters long; the limit is " + MAX_LENGTH);
        }
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                flush(literal, regex);
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        flush(literal, regex);
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    private static void flush(StringBuilder literal, StringBuilder regex) {
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }
}
