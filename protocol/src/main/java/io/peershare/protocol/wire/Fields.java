package io.peershare.protocol.wire;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Range checks shared by the message records. */
final class Fields {

    private Fields() {
    }

    static void requireU8(String field, int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(field + " must fit in an unsigned byte, got " + value);
        }
    }

    static void requireU16(String field, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(field + " must fit in 16 unsigned bits, got " + value);
        }
    }

    static void requireU32(String field, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(field + " must fit in 32 unsigned bits, got " + value);
        }
    }

    static void requireString(String field, String value, int maxBytes) {
        Objects.requireNonNull(value, field);
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw new IllegalArgumentException(field + " is " + bytes + " bytes; the limit is " + maxBytes);
        }
    }

    /** Cuts {@code value} to at most {@code maxBytes} of UTF-8 without splitting a character. */
    static String truncate(String value, int maxBytes) {
        String text = value == null ? "" : value;
        if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + size > maxBytes - 3) {
                break;
            }
            out.appendCodePoint(cp);
            used += size;
            i += Character.charCount(cp);
        }
        return out.append("...").toString();
    }
}
