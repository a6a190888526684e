package io.peershare.protocol.api;

/**
 * One distinct content offered under a name: {@code GET /api/v1/files} lists these. Two peers offering
 * different bytes under one name give two summaries with different {@code sha256}. {@code liveSources}
 * counts live peers holding the whole file, {@code partialSources} live peers fetching it (holding some pieces).
 */
public record FileSummary(String name, long size, String sha256, int liveSources, int partialSources) {

    /** Complete holders only. */
    public FileSummary(String name, long size, String sha256, int liveSources) {
        this(name, size, sha256, liveSources, 0);
    }
}
