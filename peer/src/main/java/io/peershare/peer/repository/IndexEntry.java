package io.peershare.peer.repository;

import io.peershare.protocol.Sha256;
import io.peershare.protocol.SharedName;
import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.wire.FileInfo;

import java.time.Instant;
import java.util.Objects;

/**
 * One shared file as the index records it: size and mtime tell whether the bytes may have changed;
 * {@code manifest} is the root of its piece manifest (the manifest itself is in the {@link ManifestStore}).
 */
public record IndexEntry(String name, long size, Instant mtime, Sha256 sha256, Sha256 manifest) {

    public IndexEntry {
        SharedName.check(name);
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        Objects.requireNonNull(mtime, "mtime");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(manifest, "manifest");
    }

    public FileEntry toFileEntry() {
        return new FileEntry(name, size, sha256.hex(), manifest.hex(), false);
    }

    public FileInfo toFileInfo() {
        return new FileInfo(name, size, sha256);
    }
}
