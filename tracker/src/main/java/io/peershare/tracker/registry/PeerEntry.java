package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.PeerView;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;

/**
 * An immutable snapshot of one registered peer. The registry replaces the whole snapshot on every change,
 * so a reader never sees a half-applied update and needs no lock.
 *
 * @param files shared name → entry, sorted by name: a compact {@link FileList} (any other map is copied into one;
 *              the {@link PeerTable} swaps the entries for the shared ones of {@link Announcements})
 */
record PeerEntry(String hostname, String address, int port, String token, Instant registeredAt, Instant lastSeen,
                 Map<String, FileEntry> files) {

    PeerEntry {
        // A heartbeat or a move keeps the files: reusing the immutable list keeps them O(1), not O(files).
        files = FileList.of(files);
    }

    static PeerEntry fresh(String hostname, String address, int port, String token, Instant now) {
        return new PeerEntry(hostname, address, port, token, now, now, FileList.EMPTY);
    }

    /** The files as the compact list they always are. */
    FileList fileList() {
        return (FileList) files;
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
        SortedMap<String, FileEntry> sorted = fileList();
        Collection<FileEntry> tail = after == null ? sorted.values() : sorted.tailMap(after + '\0').values();
        return tail.stream().limit(max).toList();
    }

    PeerView view(Instant now, Duration ttl) {
        return new PeerView(hostname, address, port, isLive(now, ttl), registeredAt, lastSeen, files.size());
    }
}
