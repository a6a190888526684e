package io.peershare.tracker.registry;

/** How many peers the registry holds and how many of them were heard from within the TTL. */
public record PeerCounts(long peers, long live) {
}
