package io.peershare.tracker.registry;

import java.util.Arrays;

/**
 * The slots one holder draw has tried: an open-addressing set of ints that each thread reuses from draw to draw,
 * so a sources answer allocates nothing to remember them (a {@code HashSet<Integer>} cost a table and a box per
 * try). Each cell stores the draw's round number beside the slot; a cell of another round is free, so starting a
 * draw empties the set in O(1). Sized for the draw's most tries, kept at most half full.
 */
final class TriedSlots {

    private static final ThreadLocal<TriedSlots> PER_THREAD = ThreadLocal.withInitial(TriedSlots::new);

    /** (round << 32) | slot; a cell whose round is not the current one is free. */
    private long[] cells = new long[64];
    private int mask;
    private int round;

    /** This thread's set, emptied, for a draw of at most {@code tries} tries. */
    static TriedSlots forDraw(int tries) {
        TriedSlots set = PER_THREAD.get();
        set.start(tries);
        return set;
    }

    void start(int tries) {
        int capacity = Integer.highestOneBit(Math.max(16, tries) * 2 - 1) << 1; // a power of two ≥ 2 × tries
        if (cells.length < capacity) {
            cells = new long[capacity];
            round = 0;
        }
        mask = capacity - 1;
        if (++round == 0) { // wrapped after 2^32 draws: every old cell could look current, so clear them
            Arrays.fill(cells, 0L);
            round = 1;
        }
    }

    /** Adds {@code slot} (0 or more); false when this draw tried it already. */
    boolean add(int slot) {
        long mine = ((long) round << 32) | (slot & 0xFFFF_FFFFL);
        int h = slot * 0x9E3779B9;
        for (int i = (h ^ (h >>> 16)) & mask; ; i = (i + 1) & mask) {
            long cell = cells[i];
            if ((int) (cell >>> 32) != round) {
                cells[i] = mine;
                return true;
            }
            if (cell == mine) {
                return false;
            }
        }
    }
}
