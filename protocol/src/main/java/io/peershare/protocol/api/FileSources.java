package io.peershare.protocol.api;

import java.util.List;

/**
 * {@code GET /api/v1/files/{name}/sources} answers a list of these, one per distinct content under that
 * name, most sources first: the live peers holding exactly {@code size} bytes with SHA-256 {@code sha256}.
 */
public record FileSources(String name, long size, String sha256, List<Source> sources) {
}
