package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.PriorityQueue;

/**
 * Every announced name, which peers hold it, and a trigram index over the folded names ({@link TrigramPostings}),
 * so a search reads the names holding its pattern's trigrams instead of every name of every peer, and a sources
 * query reads a name's holders instead of every peer.
 *
 * <p>Compact by design: each distinct name has an int id; each name has its announcements ({@link Variant}: the shared entry and
 * a {@link HostSet} of its holders, O(1) to add or remove a holder however popular the file). A name that
 * nobody holds any more leaves its ids in the postings (a search checks every candidate with the matcher
 * anyway); when such dead ids outnumber the live names, the postings are rebuilt.
 *
 * <p>Thread-safe: one read-write lock; writers are the registry's per-peer updates, readers the queries.
 */
final class NameIndex {

    /** Rebuild the postings when dead ids exceed both this and the live names. */
    private static final int MIN_DEAD_FOR_REBUILD = 1024;

    /**
     * Names a search examines in one request at most (a few ms here): past it, the page ends where the
     * scan stopped and its cursor resumes there, so no pattern costs more per request however many names are held.
     */
    static final int SCAN_BUDGET = 20_000;

    /** Most ids a search intersects and orders by prefix key (4 bytes and a few ns each; names are not read). */
    static final int MAX_CANDIDATES = 1_000_000;

    /** One name: its id and its announcements (usually one or two: complete and partial holders of one content). */
    private static final class Slot {
        final int id;
        final String name;
        Variant[] variants;

        Slot(int id, String name, Variant[] variants) {
            this.id = id;
            this.name = name;
            this.variants = variants;
        }

        Variant variant(FileEntry entry) {
            for (Variant variant : variants) {
                if (variant.entry.equals(entry)) {
                    return variant;
                }
            }
            return null;
        }

        List<String> holders() {
            List<String> all = new ArrayList<>(variants.length == 1 ? variants[0].holders.size() : 16);
            for (Variant variant : variants) {
                variant.holders.forEach(cell -> all.add(cell.hostname));
            }
            return all;
        }
    }

    /**
     * One announcement of a name (the shared entry) and the peers announcing it (their cells). {@code changes} counts
     * additions and removals, so a cached count of its live holders knows when it is out of date. Read under the
     * index's read lock; {@code liveCount} is the one field readers write (a whole immutable record: racing
     * readers compute the same).
     */
    static final class Variant {
        final FileEntry entry;
        final HostSet holders = new HostSet();
        int changes;
        volatile LiveCount liveCount;

        Variant(FileEntry entry) {
            this.entry = entry;
        }
    }

    /**
     * The live holders of a variant as counted at {@code countedAt}: still exact while no holder was added or
     * removed ({@code changes}), no silent peer came back ({@code revivals}, see {@link PeerTable#revivals}) and
     * no counted holder has yet gone silent ({@code now} up to {@code validUntil}).
     */
    record LiveCount(int live, int changes, long revivals, java.time.Instant countedAt, java.time.Instant validUntil) {

        boolean validAt(java.time.Instant now, int currentChanges, long currentRevivals) {
            return changes == currentChanges && revivals == currentRevivals && !now.isBefore(countedAt)
                    && !now.isAfter(validUntil);
        }
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Slot> slots = new HashMap<>();
    private final TrigramPostings postings = new TrigramPostings();
    private Slot[] byId = new Slot[1024];
    /** Each id's {@link NameOrder#prefixKey}: a search orders most candidates by it without reading their names. */
    private long[] orderKeys = new long[1024];
    private int nextId;
    private int dead;
    /** The held names in listing order ({@link NameOrder}), so a page of names costs its size, not a sort of all. */
    private final SortedNames sorted = new SortedNames(NameOrder.INSTANCE);
    private int scanBudget = SCAN_BUDGET;

    /**
     * {@code holder} now announces {@code added} (shared entries, see {@link Announcements}) and no longer
     * {@code removed}. A changed announcement of one name is in both: the new one is added first, so the name
     * keeps its id.
     */
    void update(PeerCell holder, Iterable<FileEntry> added, Iterable<FileEntry> removed) {
        lock.writeLock().lock();
        try {
            for (FileEntry entry : added) {
                hold(holder, entry);
            }
            for (FileEntry entry : removed) {
                release(holder, entry);
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
            return slot == null ? List.of() : slot.holders();
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
     * Calls {@code action}, under the read lock, with at most {@code max} held names that {@code glob} matches and
     * that come after {@code after} in listing order ({@link NameOrder}; null = from the first), in that order, with
     * their announcements (to be read, not kept). Returns the last name examined when the scan budget ran out
     * before {@code max} names were found (the names given all come before it, and a search resumes after it),
     * else null: {@code action} was given {@code max} names, or every match there is.
     */
    String forEachOnPage(Glob glob, String after, int max, java.util.function.BiConsumer<String, List<Variant>> action) {
        lock.readLock().lock();
        try {
            NamePage page = pageNames(glob, after, max);
            page.names().forEach(name -> action.accept(name, Arrays.asList(slots.get(name).variants)));
            return page.stoppedAfter();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Tests: a smaller {@link #SCAN_BUDGET}. */
    void limitScan(int names) {
        scanBudget = names;
    }

    /** Matching names in order; {@code stoppedAfter}: the last name examined when the budget ran out, else null. */
    private record NamePage(List<String> names, String stoppedAfter) {

        static NamePage complete(List<String> names) {
            return new NamePage(names, null);
        }
    }

    /**
     * The names of {@link #forEachOnPage}; the caller holds the read lock. Candidates are the ids in every posting
     * list of the pattern's trigrams (their intersection, so {@code *scan*7?.pdf} reads the names with "sca", "can",
     * ".pd" and "pdf", not every name with "sca"). When more names than the scan budget would have to be read
     * among them (a rare match among many candidates), or the pattern has no trigram, the sorted names are walked
     * as far as the budget goes instead (a dense pattern fills its page long before), and the page may stop short.
     */
    private NamePage pageNames(Glob glob, String after, int max) {
        int[] candidates = glob.matchesEverything() ? null : postings.candidates(glob, MAX_CANDIDATES);
        if (candidates != null) {
            List<String> first = firstCandidates(candidates, glob, after, max, scanBudget);
            if (first != null) {
                return NamePage.complete(first);
            }
        }
        return walkSorted(glob, after, max, scanBudget); // no trigram, too many candidates, or too many names read
    }

    /**
     * The first {@code max} matching names after {@code after} in the sorted names, reading at most {@code budget}
     * names; when the budget runs out first, the page says where it stopped.
     */
    private NamePage walkSorted(Glob glob, String after, int max, int budget) {
        List<String> names = new ArrayList<>(Math.min(max, 1024));
        int[] read = {0};
        String[] last = {null};
        sorted.forEachAfter(after, name -> {
            if (read[0] == budget) {
                return false;
            }
            read[0]++;
            last[0] = name;
            if (glob.matches(name)) {
                names.add(name);
            }
            return names.size() < max;
        });
        boolean stopped = names.size() < max && read[0] == budget && last[0] != null && !last[0].equals(sorted.last());
        return new NamePage(names, stopped ? last[0] : null);
    }

    /**
     * The first {@code max} matching names after {@code after} among {@code candidates} (ids), kept in a bounded
     * heap, or null when more than {@code budget} of their names had to be read. A candidate whose prefix key is
     * past the heap's last (or before {@code after}) is dropped without reading its name: once the heap is full,
     * that is most of them, so a dense pattern reads few names; a rare one reads every candidate's.
     */
    private List<String> firstCandidates(int[] candidates, Glob glob, String after, int max, int budget) {
        int read = 0;
        java.util.Comparator<Slot> order = (a, b) -> {
            int byKey = Long.compareUnsigned(orderKeys[a.id], orderKeys[b.id]);
            return byKey != 0 ? byKey : NameOrder.INSTANCE.compare(a.name, b.name);
        };
        PriorityQueue<Slot> first = new PriorityQueue<>(order.reversed());
        long afterKey = after == null ? 0 : NameOrder.prefixKey(after);
        for (int id : candidates) {
            long key = orderKeys[id];
            Slot slot = byId[id]; // null: nobody holds that name any more
            if (slot == null || (after != null && Long.compareUnsigned(key, afterKey) < 0)
                    || (first.size() == max && Long.compareUnsigned(key, orderKeys[first.peek().id]) > 0)) {
                continue;
            }
            if (++read > budget) {
                return null;
            }
            if ((after != null && NameOrder.INSTANCE.compare(slot.name, after) <= 0)
                    || (first.size() == max && order.compare(slot, first.peek()) >= 0) || !glob.matches(slot.name)) {
                continue;
            }
            first.add(slot);
            if (first.size() > max) {
                first.poll();
            }
        }
        List<String> names = new ArrayList<>(first.size());
        first.forEach(slot -> names.add(slot.name));
        names.sort(NameOrder.INSTANCE);
        return names;
    }

    private void hold(PeerCell holder, FileEntry entry) {
        Slot slot = slots.get(entry.name());
        if (slot == null) {
            int id = nextId++;
            if (id == byId.length) {
                byId = Arrays.copyOf(byId, byId.length * 2);
                orderKeys = Arrays.copyOf(orderKeys, byId.length);
            }
            slot = new Slot(id, entry.name(), new Variant[0]);
            byId[id] = slot;
            orderKeys[id] = NameOrder.prefixKey(entry.name());
            slots.put(entry.name(), slot);
            sorted.add(entry.name());
            postings.index(entry.name(), id);
        }
        Variant variant = slot.variant(entry);
        if (variant == null) {
            variant = new Variant(entry);
            slot.variants = Arrays.copyOf(slot.variants, slot.variants.length + 1);
            slot.variants[slot.variants.length - 1] = variant;
        }
        if (variant.holders.add(holder)) {
            variant.changes++;
        }
    }

    private void release(PeerCell holder, FileEntry entry) {
        Slot slot = slots.get(entry.name());
        Variant variant = slot == null ? null : slot.variant(entry);
        if (variant == null || !variant.holders.remove(holder)) {
            return;
        }
        variant.changes++;
        if (variant.holders.size() > 0) {
            return;
        }
        slot.variants = Arrays.stream(slot.variants).filter(v -> v != variant).toArray(Variant[]::new);
        if (slot.variants.length > 0) {
            return;
        }
        slots.remove(slot.name);
        sorted.remove(slot.name);
        byId[slot.id] = null;
        dead++;
    }

    /**
     * Runs {@code reader} on the announcements of {@code name} (empty when none) under the read lock: the
     * variants and their holder sets may be read, not kept, inside it.
     */
    <R> R read(String name, java.util.function.Function<List<Variant>, R> reader) {
        lock.readLock().lock();
        try {
            Slot slot = slots.get(name);
            return reader.apply(slot == null ? List.of() : Arrays.asList(slot.variants));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Renumbers the live names densely and indexes them again: dead ids are gone afterwards. */
    private void rebuild() {
        postings.clear();
        String[] live = slots.keySet().toArray(String[]::new);
        Map<String, Slot> renumbered = new HashMap<>(live.length * 2);
        byId = new Slot[Math.max(1024, live.length * 2)];
        orderKeys = new long[byId.length];
        nextId = 0;
        for (String name : live) {
            Slot slot = new Slot(nextId++, name, slots.get(name).variants);
            byId[slot.id] = slot;
            orderKeys[slot.id] = NameOrder.prefixKey(name);
            renumbered.put(name, slot);
            postings.index(name, slot.id);
        }
        slots.clear();
        slots.putAll(renumbered);
        dead = 0;
    }
}
