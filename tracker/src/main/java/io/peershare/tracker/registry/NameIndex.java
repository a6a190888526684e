package io.peershare.tracker.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.PriorityQueue;

/**
 * Every announced name, which peers hold it, and a trigram index over the folded names, so a search reads the
 * postings of one trigram of its pattern instead of every name of every peer, and a sources query reads a
 * name's holders instead of every peer.
 *
 * <p>Compact by design: each distinct name has an int id; a trigram (three folded code points packed in a
 * long) maps to a growable int array of ids; holders are a small array of hostnames per name. A name that
 * nobody holds any more leaves its ids in the postings (a search checks every candidate with the matcher
 * anyway); when such dead ids outnumber the live names, the postings are rebuilt.
 *
 * <p>Thread-safe: one read-write lock; writers are the registry's per-peer updates, readers the queries.
 */
final class NameIndex {

    /** Rebuild the postings when dead ids exceed both this and the live names. */
    private static final int MIN_DEAD_FOR_REBUILD = 1024;

    /** One name: its id and the hostnames holding it. */
    private static final class Slot {
        final int id;
        final String name;
        String[] holders;

        Slot(int id, String name, String[] holders) {
            this.id = id;
            this.name = name;
            this.holders = holders;
        }
    }

    /** A name and a snapshot of its holders, as a query gets them. */
    record Holding(String name, List<String> holders) {
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Slot> slots = new HashMap<>();
    private final Map<Long, IntList> postings = new HashMap<>();
    private Slot[] byId = new Slot[1024];
    private int nextId;
    private int dead;
    /** The held names in listing order ({@link NameOrder}), so a page of names costs its size, not a sort of all. */
    private final SortedNames sorted = new SortedNames(NameOrder.INSTANCE);

    /** {@code hostname} now holds {@code added} names and no longer holds {@code removed} ones. */
    void update(String hostname, Iterable<String> added, Iterable<String> removed) {
        lock.writeLock().lock();
        try {
            for (String name : removed) {
                release(hostname, name);
            }
            for (String name : added) {
                hold(hostname, name);
            }
            if (dead > MIN_DEAD_FOR_REBUILD && dead > slots.size()) {
                rebuild();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The hostnames holding {@code name} (empty when none). */
    List<String> holders(String name) {
        lock.readLock().lock();
        try {
            Slot slot = slots.get(name);
            return slot == null ? List.of() : List.of(slot.holders);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Distinct names held by someone. */
    int size() {
        lock.readLock().lock();
        try {
            return slots.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Every held name that {@code glob} matches, with its holders. With a literal run of three characters or
     * more in the pattern, only the names in the shortest posting list among its trigrams are checked; without
     * one, every name is (a pattern like {@code *.c} has nothing to look up).
     */
    List<Holding> matching(Glob glob) {
        lock.readLock().lock();
        try {
            IntList candidates = glob.matchesEverything() ? null : shortestPostings(glob);
            List<Holding> found = new ArrayList<>();
            if (candidates == null) { // nothing to look up: every live name, in id order
                for (int id = 0; id < nextId; id++) {
                    Slot slot = byId[id];
                    if (slot != null && glob.matches(slot.name)) {
                        found.add(new Holding(slot.name, List.of(slot.holders)));
                    }
                }
                return found;
            }
            for (int i = 0; i < candidates.size; i++) {
                Slot slot = byId[candidates.values[i]]; // null: nobody holds that name any more
                if (slot != null && glob.matches(slot.name)) {
                    found.add(new Holding(slot.name, List.of(slot.holders)));
                }
            }
            return found;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * At most {@code max} held names that {@code glob} matches and that come after {@code after} in listing order
     * ({@link NameOrder}; null = from the first), in that order, with their holders. Without a trigram to look
     * up, the sorted names are walked from {@code after} and the walk stops at {@code max} matches; with one,
     * its posting list is read and only the {@code max} first matches are kept (a bounded heap), never all
     * sorted.
     */
    List<Holding> page(Glob glob, String after, int max) {
        lock.readLock().lock();
        try {
            IntList candidates = glob.matchesEverything() ? null : shortestPostings(glob);
            List<Holding> found = new ArrayList<>(Math.min(max, 1024));
            if (candidates == null) {
                sorted.forEachAfter(after, name -> {
                    if (glob.matches(name)) {
                        found.add(new Holding(name, List.of(slots.get(name).holders)));
                    }
                    return found.size() < max;
                });
                return found;
            }
            PriorityQueue<String> first = new PriorityQueue<>(NameOrder.INSTANCE.reversed());
            for (int i = 0; i < candidates.size; i++) {
                Slot slot = byId[candidates.values[i]]; // null: nobody holds that name any more
                if (slot == null || (after != null && NameOrder.INSTANCE.compare(slot.name, after) <= 0)
                        || (first.size() == max && NameOrder.INSTANCE.compare(slot.name, first.peek()) >= 0)
                        || !glob.matches(slot.name)) {
                    continue;
                }
                first.add(slot.name);
                if (first.size() > max) {
                    first.poll();
                }
            }
            List<String> names = new ArrayList<>(first);
            names.sort(NameOrder.INSTANCE);
            names.forEach(name -> found.add(new Holding(name, List.of(slots.get(name).holders))));
            return found;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The smallest posting list among the pattern's trigrams; an empty one when a trigram is nowhere; null: no trigram. */
    private IntList shortestPostings(Glob glob) {
        IntList shortest = null;
        for (int[] run : glob.literalRuns(3)) {
            for (int i = 0; i + 3 <= run.length; i++) {
                IntList list = postings.get(trigram(run, i));
                if (list == null) {
                    return new IntList();
                }
                if (shortest == null || list.size < shortest.size) {
                    shortest = list;
                }
            }
        }
        return shortest;
    }

    private void hold(String hostname, String name) {
        Slot slot = slots.get(name);
        if (slot == null) {
            int id = nextId++;
            if (id == byId.length) {
                byId = Arrays.copyOf(byId, byId.length * 2);
            }
            Slot created = new Slot(id, name, new String[]{hostname});
            byId[id] = created;
            slots.put(name, created);
            sorted.add(name);
            index(name, id);
            return;
        }
        for (String holder : slot.holders) {
            if (holder.equals(hostname)) {
                return;
            }
        }
        String[] more = Arrays.copyOf(slot.holders, slot.holders.length + 1);
        more[slot.holders.length] = hostname;
        slot.holders = more;
    }

    private void release(String hostname, String name) {
        Slot slot = slots.get(name);
        if (slot == null) {
            return;
        }
        String[] rest = Arrays.stream(slot.holders).filter(h -> !h.equals(hostname)).toArray(String[]::new);
        if (rest.length > 0) {
            slot.holders = rest;
            return;
        }
        slots.remove(name);
        sorted.remove(name);
        byId[slot.id] = null;
        dead++;
    }

    private void index(String name, int id) {
        int[] folded = name.codePoints().map(Glob::fold).toArray();
        if (folded.length < 3) {
            return; // found only by patterns without a three-character literal, which check every name
        }
        long[] grams = new long[folded.length - 2];
        for (int i = 0; i < grams.length; i++) {
            grams[i] = trigram(folded, i);
        }
        Arrays.sort(grams);
        for (int i = 0; i < grams.length; i++) {
            if (i == 0 || grams[i] != grams[i - 1]) {
                postings.computeIfAbsent(grams[i], g -> new IntList()).add(id);
            }
        }
    }

    /** Renumbers the live names densely and indexes them again: dead ids are gone afterwards. */
    private void rebuild() {
        postings.clear();
        String[] live = slots.keySet().toArray(String[]::new);
        Map<String, Slot> renumbered = new HashMap<>(live.length * 2);
        byId = new Slot[Math.max(1024, live.length * 2)];
        nextId = 0;
        for (String name : live) {
            Slot slot = new Slot(nextId++, name, slots.get(name).holders);
            byId[slot.id] = slot;
            renumbered.put(name, slot);
            index(name, slot.id);
        }
        slots.clear();
        slots.putAll(renumbered);
        dead = 0;
    }

    /** Three folded code points (21 bits each) packed into one long. */
    private static long trigram(int[] folded, int at) {
        return ((long) folded[at] << 42) | ((long) folded[at + 1] << 21) | folded[at + 2];
    }

    /** A growable array of ints: 4 bytes per posting instead of a boxed Integer's 16 and its reference. */
    private static final class IntList {
        int[] values = new int[4];
        int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size + (size >> 1) + 1);
            }
            values[size++] = value;
        }
    }
}
