package io.peershare.protocol.wire;

import io.peershare.protocol.Sha256;
import io.peershare.protocol.SharedName;

import java.util.Objects;

/** One file a peer offers: its shared name, size in bytes and SHA-256. */
public record FileInfo(String name, long size, Sha256 sha256) {

    public FileInfo {
        SharedName.check(name);
        if (size < 0) {
            throw new IllegalArgumentException("file size must not be negative, got " + size);
        }
        Objects.requireNonNull(sha256, "sha256");
    }
}
