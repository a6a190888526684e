package io.peershare.protocol.wire;

import io.peershare.protocol.Sha256;

import java.util.Objects;

/**
 * Answer to GET: exactly {@code length} raw bytes follow this frame on the connection, outside any frame,
 * being bytes {@code offset .. offset+length-1} of a file of {@code fileSize} bytes whose SHA-256 is {@code sha256}.
 */
public record DataHeader(long offset, long length, long fileSize, Sha256 sha256) implements Message {

    public DataHeader {
        if (offset < 0 || length < 0 || fileSize < 0) {
            throw new IllegalArgumentException("DATA offset, length and file size must not be negative: "
                    + offset + ", " + length + ", " + fileSize);
        }
        if (offset > fileSize || length > fileSize - offset) {
            throw new IllegalArgumentException("DATA range " + offset + "+" + length + " exceeds file size " + fileSize);
        }
        Objects.requireNonNull(sha256, "sha256");
    }

    @Override
    public MessageType type() {
        return MessageType.DATA;
    }
}
