package io.peershare.protocol.api;

/** A file as the tracker knows it: shared name, size in bytes, SHA-256 as 64 lowercase hex characters. */
public record FileEntry(String name, long size, String sha256) {
}
