package io.peershare.tracker.registry;

/**
 * The {@code limit} of each paged list: its default and its maximum (docs/api.md, "Paging"). A page costs
 * about its size, so the maximum bounds the work and the answer of one request.
 */
public enum PageSize {
    /** {@code GET /peers}. */
    PEERS(100, 1000),
    /** {@code GET /files}, with or without {@code q}: rows (one per name and content). */
    FILES(100, 1000),
    /** {@code GET /peers/{hostname}/files}: the maximum is tracker.max-files-per-peer's default, one page for most peers. */
    PEER_FILES(1000, 10_000),
    /** {@code GET /files/{name}/sources}: the sample per content, and holders per page of the walk. */
    SOURCES(SourceSample.DEFAULT_LIMIT, SourceSample.MAX_LIMIT);

    private final int defaultSize;
    private final int max;

    PageSize(int defaultSize, int max) {
        this.defaultSize = defaultSize;
        this.max = max;
    }

    public int defaultSize() {
        return defaultSize;
    }

    public int max() {
        return max;
    }

    /** The {@code limit} query parameter: absent or empty = the default; else a whole number from 1 to the maximum. */
    public int parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            return defaultSize;
        }
        try {
            return check(Integer.parseInt(raw.strip()));
        } catch (NumberFormatException e) {
            throw invalid("'" + RequestValidation.printable(raw.length() > 20 ? raw.substring(0, 20) + "…" : raw) + "'");
        }
    }

    public int check(int limit) {
        if (limit < 1 || limit > max) {
            throw invalid(String.valueOf(limit));
        }
        return limit;
    }

    private RegistryException invalid(String got) {
        return RegistryException.invalid("limit must be a whole number from 1 to " + max + " (default " + defaultSize
                + "), got " + got);
    }
}
