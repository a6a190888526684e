package io.peershare.protocol.api;

/**
 * One distinct content offered under a name: {@code GET /api/v1/files} lists these. Two peers offering
 * different bytes under one name give two summaries with different {@code sha256}.
 */
public record FileSummary(String name, long size, String sha256, int liveSources) {
}
