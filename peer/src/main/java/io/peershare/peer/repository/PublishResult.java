package io.peershare.peer.repository;

/** What a publish did: the entry now shared, and whether it was new, a replacement, or already there. */
public record PublishResult(IndexEntry entry, Outcome outcome) {

    public enum Outcome {
        PUBLISHED, REPLACED, UNCHANGED
    }
}
