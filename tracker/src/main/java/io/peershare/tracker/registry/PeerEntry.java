package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.PeerView;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;

/**
 * An immutable snapshot of one registered peer. The registry replaces the whole snapshot on every change,
 * so a reader never sees a half-applied update and needs no lock.
 *
 * @param files shared name → entry, sorted by name (an unmodifiable copy)
 */
record PeerEntry(String hostname, String address, int port, String token, Instant registeredAt, Instant lastSeen,
                 Map<String, FileEntry> files) {

    /** The class of a frozen (sorted, unmodifiable) file map, so a snapshot of one is not copied again. */
    private static final Class<?> FROZEN = Collections.unmodifiableSortedMap(new TreeMap<>()).getClass();

    PeerEntry {
        // A heartbeat or a move keeps the files: reusing the frozen map keeps them O(1), not O(files).
        // Only this record makes frozen maps, from copies it owns, so no one else holds a mutable view of one.
        files = files.getClass() == FROZEN ? files : Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    static PeerEntry fresh(String hostname, String address, int port, String token, Instant now) {
        return new PeerEntry(hostname, address, port, token, now, now, Map.of());
    }

    boolean isLive(Instant now, Duration ttl) {
        return !lastSeen.plus(ttl).isBefore(now);
    }

    boolean isExpired(Instant now, Duration expiry) {
        return lastSeen.plus(expiry).isBefore(now);
    }

    PeerEntry seenAt(Instant now) {
        return new PeerEntry(hostname, address, port, token, registeredAt, now, files);
    }

    PeerEntry movedTo(String newAddress, int newPort, Instant now) {
        return new PeerEntry(hostname, newAddress, newPort, token, registeredAt, now, files);
    }

    PeerEntry withFiles(Map<String, FileEntry> newFiles, Instant now) {
        return new PeerEntry(hostname, address, port, token, registeredAt, now, newFiles);
    }

    /** At most {@code max} of the files after {@code after} (strictly; null = from the first), by name. */
    List<FileEntry> filesAfter(String after, int max) {
        SortedMap<String, FileEntry> sorted = (SortedMap<String, FileEntry>) files;
        Collection<FileEntry> tail = after == null ? sorted.values() : sorted.tailMap(after + '\0').values();
        return tail.stream().limit(max).toList();
    }

    PeerView view(Instant now, Duration ttl) {
        return new PeerView(hostname, address, port, isLive(now, ttl), registeredAt, lastSeen, files.size());
    }
}
