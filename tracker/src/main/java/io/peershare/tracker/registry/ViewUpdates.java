package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Replication into an {@link InMemoryRegistry}. The Redis store keeps one InMemoryRegistry per replica as its view
 * of the shared registry (io.peershare.tracker.registry.redis): Redis checks and orders every write, and each
 * replica applies the outcomes here. A put or a removal carries the store's version of that write; an older one
 * than this view has applied for the hostname is ignored, so applying an event twice, or late, changes nothing.
 */
public final class ViewUpdates {

    private final PeerTable peers;
    /** The registry's count of peers held, kept exact inside the same per-key computes. */
    private final AtomicInteger count;

    ViewUpdates(PeerTable peers, AtomicInteger count) {
        this.peers = peers;
        this.count = count;
    }

    /** Per hostname, the store version last applied (kept after a removal, so a late older put cannot revive it). */
    private final ConcurrentHashMap<String, Long> applied = new ConcurrentHashMap<>();

    /** A peer's whole state as the shared store holds it ({@code tokenDigest}: the view never checks tokens). */
    public record PeerState(String hostname, String address, int port, String tokenDigest, Instant registeredAt,
                            Instant lastSeen, List<FileEntry> files) {
    }

    /** Sets the peer's whole state unless this view applied a newer version; lastSeen never moves back. */
    public void applyState(long version, PeerState state) {
        peers.compute(state.hostname(), (hostname, existing) -> {
            if (applied.getOrDefault(hostname, Long.MIN_VALUE) >= version) {
                return existing;
            }
            applied.put(hostname, version);
            if (existing == null) {
                count.incrementAndGet();
            }
            Map<String, FileEntry> files = new LinkedHashMap<>();
            state.files().forEach(file -> files.put(file.name(), file));
            Map<String, FileEntry> kept = existing != null && existing.files().equals(files) ? existing.files() : files;
            Instant lastSeen = existing != null && existing.lastSeen().isAfter(state.lastSeen())
                    ? existing.lastSeen() : state.lastSeen();
            return new PeerEntry(hostname, state.address(), state.port(), state.tokenDigest(), state.registeredAt(),
                    lastSeen, kept);
        });
    }

    /** A heartbeat: moves the peer's lastSeen forward (never back); unknown hostnames are ignored. */
    public void applySeen(String hostname, Instant lastSeen) {
        peers.computeIfPresent(hostname, (key, entry) -> entry.lastSeen().isBefore(lastSeen) ? entry.seenAt(lastSeen) : entry);
    }

    /** Removes the peer unless this view applied a newer version. */
    public void applyRemoval(long version, String hostname) {
        peers.compute(hostname, (key, existing) -> {
            if (applied.getOrDefault(key, Long.MIN_VALUE) >= version) {
                return existing;
            }
            applied.put(key, version);
            if (existing != null) {
                count.decrementAndGet();
            }
            return null;
        });
    }

    /** Forgets the versions of removed peers up to {@code version}, once no older event can arrive any more. */
    public void forgetRemovalsUpTo(long version) {
        applied.forEach((hostname, v) -> {
            if (v <= version && peers.get(hostname) == null) {
                applied.remove(hostname, v);
            }
        });
    }
}
