package io.peershare.tracker.registry;

import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The peers holding one announcement, as their {@link PeerCell}s (a reference each, as the hostnames were): an
 * open-addressing hash set (linear probing, deletion by backward shift), so adding and removing one holder cost
 * O(1) however many hold a popular file, and a random holder is one random slot away (the table is kept at least
 * 1/8 full). Members are compared by identity (one cell per held hostname) and placed by the cell's kept hash, so
 * probing reads no string. Not thread-safe: the {@link NameIndex} lock guards it.
 */
final class HostSet {

    private static final int MIN_CAPACITY = 2;

    private PeerCell[] table = new PeerCell[MIN_CAPACITY];
    private int size;

    int size() {
        return size;
    }

    /** Adds {@code host}; false when it was there. */
    boolean add(PeerCell host) {
        if ((size + 1) * 2 > table.length) {
            resize(table.length * 2);
        }
        int mask = table.length - 1;
        for (int i = slot(host, mask); ; i = (i + 1) & mask) {
            if (table[i] == null) {
                table[i] = host;
                size++;
                return true;
            }
            if (table[i] == host) {
                return false;
            }
        }
    }

    /** Removes {@code host}; false when it was not there. */
    boolean remove(PeerCell host) {
        int mask = table.length - 1;
        int i = slot(host, mask);
        while (table[i] != null && table[i] != host) {
            i = (i + 1) & mask;
        }
        if (table[i] == null) {
            return false;
        }
        // Backward shift: move later members of the probe run into the hole, so lookups never stop early.
        int hole = i;
        for (int j = (hole + 1) & mask; table[j] != null; j = (j + 1) & mask) {
            int home = slot(table[j], mask);
            boolean between = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (!between) {
                table[hole] = table[j];
                hole = j;
            }
        }
        table[hole] = null;
        size--;
        if (table.length > MIN_CAPACITY && size * 8 < table.length) {
            resize(table.length / 2);
        }
        return true;
    }

    boolean contains(PeerCell host) {
        int mask = table.length - 1;
        for (int i = slot(host, mask); table[i] != null; i = (i + 1) & mask) {
            if (table[i] == host) {
                return true;
            }
        }
        return false;
    }

    void forEach(Consumer<PeerCell> action) {
        for (PeerCell host : table) {
            if (host != null) {
                action.accept(host);
            }
        }
    }

    /** A uniformly drawn member's slot, or -1 when empty; {@link #at} reads it (null: a free slot). */
    int randomSlot(RandomGenerator random) {
        if (size == 0) {
            return -1;
        }
        while (true) {
            int i = random.nextInt(table.length);
            if (table[i] != null) {
                return i;
            }
        }
    }

    PeerCell at(int slot) {
        return table[slot];
    }

    /** Slots, for a caller that remembers which it has drawn. */
    int capacity() {
        return table.length;
    }

    private void resize(int capacity) {
        PeerCell[] old = table;
        table = new PeerCell[Math.max(MIN_CAPACITY, capacity)];
        int mask = table.length - 1;
        for (PeerCell host : old) {
            if (host != null) {
                int i = slot(host, mask);
                while (table[i] != null) {
                    i = (i + 1) & mask;
                }
                table[i] = host;
            }
        }
    }

    private static int slot(PeerCell host, int mask) {
        return host.hash & mask;
    }
}
