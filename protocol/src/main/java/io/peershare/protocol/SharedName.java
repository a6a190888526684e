package io.peershare.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The one place where a shared file name is validated. Every entry point (shell, tracker API, wire
 * protocol, repository) calls {@link #check(String)}, so a name that escapes the repository cannot exist.
 *
 * <p>Rules: 1 to {@value #MAX_BYTES} bytes of UTF-8; not {@code .} or {@code ..}; no {@code /} or
 * {@code \}; no NUL, no control characters (C0, DEL, C1); no unpaired surrogates; no leading or trailing
 * whitespace (it would be invisible in every listing). Unicode letters, digits, punctuation and inner
 * spaces are fine.
 */
public final class SharedName {

    /** Longest name in UTF-8 bytes; most file systems store at most 255 bytes per path element. */
    public static final int MAX_BYTES = 255;

    private static final String UNPAIRED_SURROGATE =
            "file name contains an unpaired surrogate, which is not valid Unicode; re-type the name";

    private SharedName() {
    }

    /** Returns {@code name} unchanged when valid, otherwise throws with a message a user can act on. */
    public static String check(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new InvalidNameException(problem);
        }
        return name;
    }

    public static boolean isValid(String name) {
        return problem(name) == null;
    }

    /** Why {@code name} is not a valid shared name, or {@code null} when it is. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "file name is empty; give a name such as notes.txt";
        }
        if (name.equals(".") || name.equals("..")) {
            return "file name '" + name + "' is reserved; choose another name";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return "file name " + quoted(name) + " contains a path separator; use a plain name without / or \\";
            }
            if (c == 0) {
                return "file name contains a NUL character; remove it";
            }
            if (Character.isISOControl(c)) {
                return "file name " + quoted(name) + " contains a control character (U+"
                        + String.format("%04X", (int) c) + "); remove it";
            }
            if (isInvisibleOrReordering(c)) {
                return "file name " + quoted(name) + " contains an invisible or text-reordering character (U+"
                        + String.format("%04X", (int) c) + ") that would disguise it in listings; remove it";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= name.length() || !Character.isLowSurrogate(name.charAt(i + 1))) {
                    return UNPAIRED_SURROGATE;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return UNPAIRED_SURROGATE;
            }
        }
        if (isBlank(name.codePointAt(0)) || isBlank(name.codePointBefore(name.length()))) {
            return "file name " + quoted(name) + " starts or ends with whitespace; trim it";
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return "file name is " + bytes + " bytes long in UTF-8; shorten it to at most " + MAX_BYTES + " bytes";
        }
        return null;
    }

    /** Whitespace in any Unicode sense, no-break spaces included. */
    private static boolean isBlank(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    /**
     * Line/paragraph separators, bidirectional overrides and isolates, and zero-width characters other
     * than the joiner (U+200D, which emoji sequences need): they let one name pose as another.
     */
    private static boolean isInvisibleOrReordering(char c) {
        return c == '\u2028' || c == '\u2029' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200B' || c == '\u200C' || c == '\u200E' || c == '\u200F' || c == '\u2060' || c == '\uFEFF';
    }

    private static String quoted(String name) {
        StringBuilder out = new StringBuilder("'");
        name.codePoints().limit(80).forEach(cp -> {
            // line and paragraph separators are escaped too, so the message stays on one line
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.LINE_SEPARATOR
                    || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append(name.codePointCount(0, name.length()) > 80 ? "...'" : "'").toString();
    }

    /** A name failed validation; the message says why and what to do. */
    public static final class InvalidNameException extends IllegalArgumentException {
        public InvalidNameException(String message) {
            super(message);
        }
    }
}
