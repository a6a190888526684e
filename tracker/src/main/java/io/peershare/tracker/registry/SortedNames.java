package io.peershare.tracker.registry;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Predicate;

/**
 * A sorted set of strings kept in chunks of at most {@value #CHUNK} references (a flat B-tree of one level):
 * an insert or a removal costs a binary search and one chunk's shift, a walk from any key costs a binary search
 * and then only what it reads. A chunk that falls below a quarter merges with a neighbor when both fit in
 * three quarters, so removals cannot leave a trail of nearly empty chunks: about 4-11 bytes per element where
 * a TreeSet takes 40, which matters at millions of names. Not thread-safe: the owner locks.
 */
final class SortedNames {

    static final int CHUNK = 512;

    private final Comparator<String> order;
    private String[][] chunks = new String[0][];
    private int[] sizes = new int[0];
    private int chunkCount;
    private int size;

    SortedNames(Comparator<String> order) {
        this.order = order;
    }

    int size() {
        return size;
    }

    /** Adds {@code value}; a value already present is left alone. */
    void add(String value) {
        if (chunkCount == 0) {
            insertChunk(0, new String[CHUNK], 0);
        }
        int c = chunkFor(value);
        int at = Arrays.binarySearch(chunks[c], 0, sizes[c], value, order);
        if (at >= 0) {
            return;
        }
        at = -at - 1;
        if (sizes[c] == CHUNK) { // split in halves, then insert into the half that holds the position
            String[] upper = new String[CHUNK];
            int half = CHUNK / 2;
            System.arraycopy(chunks[c], half, upper, 0, CHUNK - half);
            Arrays.fill(chunks[c], half, CHUNK, null);
            sizes[c] = half;
            insertChunk(c + 1, upper, CHUNK - half);
            if (at > half) {
                c++;
                at -= half;
            }
        }
        String[] chunk = chunks[c];
        System.arraycopy(chunk, at, chunk, at + 1, sizes[c] - at);
        chunk[at] = value;
        sizes[c]++;
        size++;
    }

    /** Removes {@code value} when present. */
    void remove(String value) {
        if (chunkCount == 0) {
            return;
        }
        int c = chunkFor(value);
        int at = Arrays.binarySearch(chunks[c], 0, sizes[c], value, order);
        if (at < 0) {
            return;
        }
        String[] chunk = chunks[c];
        System.arraycopy(chunk, at + 1, chunk, at, sizes[c] - at - 1);
        chunk[--sizes[c]] = null;
        size--;
        if (sizes[c] == 0 && chunkCount > 1) {
            removeChunk(c);
        } else if (sizes[c] < CHUNK / 4 && chunkCount > 1) {
            int lower = c + 1 < chunkCount ? c : c - 1;
            if (sizes[lower] + sizes[lower + 1] <= CHUNK * 3 / 4) {
                System.arraycopy(chunks[lower + 1], 0, chunks[lower], sizes[lower], sizes[lower + 1]);
                sizes[lower] += sizes[lower + 1];
                removeChunk(lower + 1);
            }
        }
    }

    /** The last value in order, or null when empty. */
    String last() {
        return chunkCount == 0 || sizes[chunkCount - 1] == 0 ? null : chunks[chunkCount - 1][sizes[chunkCount - 1] - 1];
    }

    /** Chunks in use (tests: removals must not leave many nearly empty ones). */
    int chunks() {
        return chunkCount;
    }

    /**
     * Visits the values after {@code after} (strictly; null = from the first) in order, until {@code visitor}
     * returns false or the values run out.
     */
    void forEachAfter(String after, Predicate<String> visitor) {
        if (chunkCount == 0) {
            return;
        }
        int c = after == null ? 0 : chunkFor(after);
        int at = 0;
        if (after != null) {
            at = Arrays.binarySearch(chunks[c], 0, sizes[c], after, order);
            at = at >= 0 ? at + 1 : -at - 1;
        }
        for (; c < chunkCount; c++, at = 0) {
            for (; at < sizes[c]; at++) {
                if (!visitor.test(chunks[c][at])) {
                    return;
                }
            }
        }
    }

    /** The chunk whose range holds {@code value}: the last one whose first element is not after it (or the first). */
    private int chunkFor(String value) {
        int low = 0;
        int high = chunkCount - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (order.compare(chunks[mid][0], value) <= 0) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    private void insertChunk(int at, String[] chunk, int chunkSize) {
        if (chunkCount == chunks.length) {
            int grown = Math.max(4, chunkCount * 2);
            chunks = Arrays.copyOf(chunks, grown);
            sizes = Arrays.copyOf(sizes, grown);
        }
        System.arraycopy(chunks, at, chunks, at + 1, chunkCount - at);
        System.arraycopy(sizes, at, sizes, at + 1, chunkCount - at);
        chunks[at] = chunk;
        sizes[at] = chunkSize;
        chunkCount++;
    }

    private void removeChunk(int at) {
        System.arraycopy(chunks, at + 1, chunks, at, chunkCount - at - 1);
        System.arraycopy(sizes, at + 1, sizes, at, chunkCount - at - 1);
        chunkCount--;
        chunks[chunkCount] = null;
    }
}
