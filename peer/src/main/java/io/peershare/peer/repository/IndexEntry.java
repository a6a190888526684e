package io.peershare.peer.repository;

import io.peershare.protocol.Sha256;
import io.peershare.protocol.SharedName;
import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.wire.FileInfo;

import java.time.Instant;
import java.util.Objects;

/**
 * One shared file as the index records it: size, mtime, ctime and file key tell whether the bytes may have
 * changed ({@link FileStamp}); {@code manifest} is the root of its piece manifest (the manifest itself is in the
 * {@link ManifestStore}). {@code ctime} and {@code fileKey} are null in entries of an older index or where the
 * platform does not report them.
 */
public record IndexEntry(String name, long size, Instant mtime, Sha256 sha256, Sha256 manifest, Instant ctime,
                         String fileKey) {

    public IndexEntry {
        SharedName.check(name);
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        Objects.requireNonNull(mtime, "mtime");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(manifest, "manifest");
    }

    /** The entry of {@code name} with the content {@code sha256}/{@code manifest}, stamped by {@code stamp}. */
    static IndexEntry of(String name, FileStamp stamp, Sha256 sha256, Sha256 manifest) {
        return new IndexEntry(name, stamp.size(), stamp.mtime(), sha256, manifest, stamp.ctime(), stamp.fileKey());
    }

    /** Same name and bytes (whatever the stat says): what listeners and the tracker care about. */
    boolean sameContent(IndexEntry other) {
        return other != null && name.equals(other.name) && size == other.size && sha256.equals(other.sha256)
                && manifest.equals(other.manifest);
    }

    public FileEntry toFileEntry() {
        return new FileEntry(name, size, sha256.hex(), manifest.hex(), false);
    }

    public FileInfo toFileInfo() {
        return new FileInfo(name, size, sha256);
    }
}
