package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.NavigableSet;

/**
 * The registry's peers by hostname, with the {@link NameIndex} and the shared {@link Announcements} kept in
 * step: every change is a
 * {@code compute} on one key, and the index learns the difference inside it, under that key's lock, so two
 * changes of one peer reach the index in the order they were made. The methods mirror the
 * {@link ConcurrentHashMap} ones the registry uses.
 */
final class PeerTable {

    private final ConcurrentHashMap<String, PeerEntry> peers = new ConcurrentHashMap<>();
    private final NameIndex names = new NameIndex();
    /** The hostnames in order, kept in step inside the same computes: a page of peers walks it from its cursor. */
    private final ConcurrentSkipListSet<String> sorted = new ConcurrentSkipListSet<>();
    private final Announcements announcements = new Announcements();
    private final Duration ttl;
    /** Counts peers that came back after being silent past the TTL (see {@link NameIndex.LiveCount}). */
    private final AtomicLong revivals = new AtomicLong();

    /** {@code ttl}: how long a silent peer stays live (a peer heard from after that has come back). */
    PeerTable(Duration ttl) {
        this.ttl = ttl;
    }

    PeerEntry get(String hostname) {
        return peers.get(hostname);
    }

    Collection<PeerEntry> values() {
        return peers.values();
    }

    Set<String> keySet() {
        return peers.keySet();
    }

    int size() {
        return peers.size();
    }

    NameIndex names() {
        return names;
    }

    /** The hostnames after {@code after} (strictly; null = all), in order; weakly consistent, as a page needs. */
    NavigableSet<String> hostnamesAfter(String after) {
        return after == null ? sorted : sorted.tailSet(after, false);
    }

    Announcements announcements() {
        return announcements;
    }

    /**
     * How many times a peer silent past the TTL was heard from again. Bumped after the peer's new entry is
     * stored, so a reader that sees the new count also sees the entry.
     */
    long revivals() {
        return revivals.get();
    }

    PeerEntry compute(String hostname, BiFunction<String, PeerEntry, PeerEntry> change) {
        boolean[] revived = {false};
        PeerEntry result = peers.compute(hostname, (key, before) -> indexed(key, before, change.apply(key, before), revived));
        if (revived[0]) {
            revivals.incrementAndGet();
        }
        return result;
    }

    PeerEntry computeIfPresent(String hostname, BiFunction<String, PeerEntry, PeerEntry> change) {
        boolean[] revived = {false};
        PeerEntry result = peers.computeIfPresent(hostname,
                (key, before) -> indexed(key, before, change.apply(key, before), revived));
        if (revived[0]) {
            revivals.incrementAndGet();
        }
        return result;
    }

    /**
     * Swaps {@code after}'s files for the shared entries, tells the index what {@code hostname} gained and lost,
     * then returns {@code after} (null = removed). Sets {@code revived} when a silent peer comes back.
     */
    private PeerEntry indexed(String hostname, PeerEntry before, PeerEntry after, boolean[] revived) {
        if (before == null && after != null) {
            sorted.add(hostname);
        } else if (before != null && after == null) {
            sorted.remove(hostname);
        }
        revived[0] = before != null && after != null && after.lastSeen().isAfter(before.lastSeen())
                && !before.isLive(after.lastSeen(), ttl);
        FileList old = before == null ? FileList.EMPTY : before.fileList();
        FileList now = after == null ? FileList.EMPTY : after.fileList();
        if (old == now) { // heartbeats and moves keep the same list: nothing to do
            return after;
        }
        List<FileEntry> gained = new ArrayList<>();
        List<FileEntry> lost = new ArrayList<>();
        FileEntry[] shared = now.toArray();
        int i = 0;
        int j = 0;
        while (i < old.size() || j < shared.length) {
            int order = i == old.size() ? 1 : j == shared.length ? -1 : old.at(i).name().compareTo(shared[j].name());
            if (order == 0 && old.at(i).equals(shared[j])) {
                shared[j++] = old.at(i++); // unchanged: already the shared entry, already counted
                continue;
            }
            if (order <= 0) {
                lost.add(old.at(i++));
            }
            if (order >= 0) {
                shared[j] = announcements.hold(shared[j]);
                gained.add(shared[j++]);
            }
        }
        // The instance the map holds as key (kept by every with*): a sources draw looks holders up by the index's
        // instance, and an identical key is found without reading the strings' characters (cache misses).
        names.update(before != null ? before.hostname() : hostname, gained, lost);
        lost.forEach(announcements::release);
        return after == null ? null : after.withFiles(FileList.ofSorted(shared), after.lastSeen());
    }
}
