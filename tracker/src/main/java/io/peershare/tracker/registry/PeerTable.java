package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.BiFunction;
import java.util.NavigableSet;

/**
 * The registry's peers by hostname, with the {@link NameIndex} kept in step: every change is a
 * {@code compute} on one key, and the index learns the difference inside it, under that key's lock, so two
 * changes of one peer reach the index in the order they were made. The methods mirror the
 * {@link ConcurrentHashMap} ones the registry uses.
 */
final class PeerTable {

    private final ConcurrentHashMap<String, PeerEntry> peers = new ConcurrentHashMap<>();
    private final NameIndex names = new NameIndex();
    /** The hostnames in order, kept in step inside the same computes: a page of peers walks it from its cursor. */
    private final ConcurrentSkipListSet<String> sorted = new ConcurrentSkipListSet<>();

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

    PeerEntry compute(String hostname, BiFunction<String, PeerEntry, PeerEntry> change) {
        return peers.compute(hostname, (key, before) -> indexed(key, before, change.apply(key, before)));
    }

    PeerEntry computeIfPresent(String hostname, BiFunction<String, PeerEntry, PeerEntry> change) {
        return peers.computeIfPresent(hostname, (key, before) -> indexed(key, before, change.apply(key, before)));
    }

    /** Tells the index what {@code hostname} gained and lost, then returns {@code after} (null = removed). */
    private PeerEntry indexed(String hostname, PeerEntry before, PeerEntry after) {
        if (before == null && after != null) {
            sorted.add(hostname);
        } else if (before != null && after == null) {
            sorted.remove(hostname);
        }
        Map<String, FileEntry> old = before == null ? Map.of() : before.files();
        Map<String, FileEntry> now = after == null ? Map.of() : after.files();
        if (old != now) { // heartbeats and moves keep the same map: nothing to do
            names.update(hostname, () -> now.keySet().stream().filter(n -> !old.containsKey(n)).iterator(),
                    () -> old.keySet().stream().filter(n -> !now.containsKey(n)).iterator());
        }
        return after;
    }
}
