package io.peershare.protocol.api;

import java.util.List;

/**
 * {@code GET /api/v1/peers/{hostname}/discover}: the peer's files, asked live over the wire protocol
 * ({@code origin = "live"}) or, when the peer does not answer, the registry's view
 * ({@code origin = "registry"}, with {@code error} saying why the live query failed).
 */
public record DiscoverResult(String hostname, String origin, String error, List<FileEntry> files, boolean truncated,
                             long totalFiles) {

    public static final String LIVE = "live";
    public static final String REGISTRY = "registry";

    /**
     * A complete answer. {@code truncated} is true when the peer has more files than the tracker lists in one
     * answer (tracker.probe.max-discover-files / -name-bytes); {@code totalFiles} is how many the peer said it has.
     */
    public DiscoverResult(String hostname, String origin, String error, List<FileEntry> files) {
        this(hostname, origin, error, files, false, files == null ? 0 : files.size());
    }
}
