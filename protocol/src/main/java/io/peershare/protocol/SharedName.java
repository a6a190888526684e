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
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= name.length() || !Character.isLowSurrogate(name.charAt(i + 1))) {
                    return "file name contains an unpaired surrogate; it is not valid Unicode";
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return "file name contains an unpaired surrogate; it is not valid Unicode";
            }
        }
        if (Character.isWhitespace(name.codePointAt(0)) || Character.isWhitespace(name.codePointBefore(name.length()))) {
            return "file name " + quoted(name) + " starts or ends with whitespace; trim it";
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return "file name is " + bytes + " bytes long in UTF-8; the limit is " + MAX_BYTES + " bytes";
        }
        return null;
    }

    private static String quoted(String name) {
        StringBuilder out = new StringBuilder("'");
        name.codePoints().limit(80).forEach(cp -> {
            if (Character.isISOControl(cp)) {
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
