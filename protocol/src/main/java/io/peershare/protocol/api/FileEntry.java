package io.peershare.protocol.api;

/**
 * A file as the tracker knows it: shared name, size in bytes, SHA-256 as 64 lowercase hex characters, the
 * root of its piece manifest ({@code manifest}, 64 hex characters; null from a peer that predates pieces),
 * and whether the announcing peer holds only some of its pieces ({@code partial}: it is fetching it and
 * serves the pieces it has verified).
 */
public record FileEntry(String name, long size, String sha256, String manifest, boolean partial) {

    /** A complete file without a manifest root (a version-1 announcement). */
    public FileEntry(String name, long size, String sha256) {
        this(name, size, sha256, null, false);
    }
}
