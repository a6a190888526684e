package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;

import java.time.Duration;
import java.time.Instant;
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

    /** Each held hostname's cell (see {@link PeerCell}): the index's holder sets refer to the same cells. */
    private final ConcurrentHashMap<String, PeerCell> peers = new ConcurrentHashMap<>();
    private final NameIndex names = new NameIndex();
    /** The hostnames in order, kept in step inside the same computes: a page of peers walks it from its cursor. */
    private final ConcurrentSkipListSet<String> sorted = new ConcurrentSkipListSet<>();
    private final Announcements announcements = new Announcements();
    private final HeartbeatPace pace;
    /** Counts peers that came back after being silent past the TTL (see {@link NameIndex.LiveCount}). */
    private final AtomicLong revivals = new AtomicLong();

    /** {@code pace}: its TTL says how long a silent peer stays live (a peer heard from after that has come back). */
    PeerTable(HeartbeatPace pace) {
        this.pace = pace;
    }

    PeerEntry get(String hostname) {
        PeerCell cell = peers.get(hostname);
        return cell == null ? null : cell.entry();
    }

    /** The entries held now (a copy). */
    Collection<PeerEntry> values() {
        return peers.values().stream().map(PeerCell::entry).filter(java.util.Objects::nonNull).toList();
    }

    Set<String> keySet() {
        return peers.keySet();
    }

    int size() {
        return peers.size();
    }

    /** The TTL applied now (the pace's; read it after {@link #revivals} when a count is kept under that value). */
    Duration ttl() {
        return pace.ttl();
    }

    /** The peers heard from within {@code ttl} before {@code now} (walks them all). */
    long live(Instant now, Duration ttl) {
        long live = 0;
        for (PeerCell cell : peers.values()) {
            PeerEntry entry = cell.entry();
            live += entry != null && entry.isLive(now, ttl) ? 1 : 0;
        }
        return live;
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
     * How many times a peer silent past the TTL was heard from again, plus the TTL's changes (a longer TTL revives
     * silent peers too; see {@link HeartbeatPace#version}). Bumped after the peer's new entry is stored, so a
     * reader that sees the new count also sees the entry.
     */
    long revivals() {
        return revivals.get() + pace.version();
    }

    PeerEntry compute(String hostname, BiFunction<String, PeerEntry, PeerEntry> change) {
        Outcome outcome = new Outcome();
        peers.compute(hostname, (key, cell) -> stored(key, cell, change, outcome));
        return outcome.done();
    }

    PeerEntry computeIfPresent(String hostname, BiFunction<String, PeerEntry, PeerEntry> change) {
        Outcome outcome = new Outcome();
        peers.computeIfPresent(hostname, (key, cell) -> stored(key, cell, change, outcome));
        return outcome.done();
    }

    /** What one compute stored (null: removed or absent), and whether a silent peer came back. */
    private final class Outcome {
        PeerEntry stored;
        boolean revived;

        PeerEntry done() {
            if (revived) {
                revivals.incrementAndGet();
            }
            return stored;
        }
    }

    /** Inside the hostname's compute: applies {@code change} to the cell's entry; the cell to keep (null: none). */
    private PeerCell stored(String hostname, PeerCell cell, BiFunction<String, PeerEntry, PeerEntry> change,
                            Outcome outcome) {
        PeerEntry before = cell == null ? null : cell.entry();
        PeerEntry after = change.apply(hostname, before);
        if (cell == null && after == null) {
            return null;
        }
        PeerCell kept = cell != null ? cell : new PeerCell(hostname);
        outcome.stored = indexed(kept, before, after, outcome);
        return outcome.stored == null ? null : kept;
    }

    /**
     * Swaps {@code after}'s files for the shared entries, stores the result in {@code cell} (null = gone), then
     * tells the index what the peer gained and lost, and returns what it stored. Sets {@code revived} when a silent
     * peer comes back. The cell is set before the index changes, so a reader that finds a new holder in the index
     * (under its lock) also finds the holder's entry, and a live count never misses one.
     */
    private PeerEntry indexed(PeerCell cell, PeerEntry before, PeerEntry after, Outcome outcome) {
        String hostname = cell.hostname;
        if (before == null && after != null) {
            sorted.add(hostname);
        } else if (before != null && after == null) {
            sorted.remove(hostname);
        }
        outcome.revived = before != null && after != null && after.lastSeen().isAfter(before.lastSeen())
                && !before.isLive(after.lastSeen(), pace.ttl());
        FileList old = before == null ? FileList.EMPTY : before.fileList();
        FileList now = after == null ? FileList.EMPTY : after.fileList();
        if (old == now) { // heartbeats and moves keep the same list: nothing to do
            cell.set(after);
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
        PeerEntry stored = after == null ? null : after.withFiles(FileList.ofSorted(shared), after.lastSeen());
        cell.set(stored);
        names.update(cell, gained, lost);
        lost.forEach(announcements::release);
        return stored;
    }
}
