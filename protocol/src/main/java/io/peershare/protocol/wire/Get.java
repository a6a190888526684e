package io.peershare.protocol.wire;

import io.peershare.protocol.Sha256;
import io.peershare.protocol.SharedName;

import java.util.Objects;

/**
 * Asks for {@code length} bytes from {@code offset} of the file shared as {@code name}, which must have
 * SHA-256 {@code sha256}. {@code length} {@link #TO_END} means "to the end of the file".
 */
public record Get(String name, Sha256 sha256, long offset, long length) implements Message {

    /** The length value meaning "from offset to the end of the file" (all 64 bits set). */
    public static final long TO_END = -1L;

    public Get {
        SharedName.check(name);
        Objects.requireNonNull(sha256, "sha256");
        if (offset < 0) {
            throw new IllegalArgumentException("GET offset must not be negative, got " + offset);
        }
        if (length < 0 && length != TO_END) {
            throw new IllegalArgumentException("GET length must not be negative, got " + length);
        }
    }

    /** The whole file. */
    public static Get whole(String name, Sha256 sha256) {
        return new Get(name, sha256, 0, TO_END);
    }

    @Override
    public MessageType type() {
        return MessageType.GET;
    }
}
