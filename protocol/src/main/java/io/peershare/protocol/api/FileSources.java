package io.peershare.protocol.api;

import java.util.List;

/**
 * {@code GET /api/v1/files/{name}/sources} answers a list of these, one per distinct announcement of a
 * content under that name: {@code size} bytes with SHA-256 {@code sha256} and piece manifest root
 * {@code manifest}. Honest holders of one content announce the same size and manifest; a holder that
 * announces another size or manifest for the same SHA-256 forms an entry of its own, so it cannot spoil the
 * others. {@code completeSources} and {@code partialSources} count every live holder; {@code sources} is a
 * bounded, shuffled sample of them (the {@code limit} of the request).
 */
public record FileSources(String name, long size, String sha256, String manifest, int completeSources,
                          int partialSources, List<Source> sources) {

    /** Complete sources only, every one listed (no manifest root). */
    public FileSources(String name, long size, String sha256, List<Source> sources) {
        this(name, size, sha256, null, sources.size(), 0, sources);
    }
}
