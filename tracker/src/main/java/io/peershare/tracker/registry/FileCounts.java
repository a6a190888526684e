package io.peershare.tracker.registry;

/**
 * How many distinct names the peers share, and how many distinct announcements (name, size, sha256, manifest,
 * complete or partial) they hold: one file announced alike by a thousand peers is one of each.
 */
public record FileCounts(long names, long announcements) {
}
