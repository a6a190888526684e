package io.peershare.protocol.api;

import java.util.List;

/**
 * {@code PUT /api/v1/peers/{hostname}/files} replaces the peer's whole file list with {@code files};
 * {@code POST} to the same path adds or updates the given files.
 */
public record AnnounceRequest(List<FileEntry> files) {
}
