package io.peershare.tracker.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trigram index of {@link NameIndex}: three case-folded code points packed in a long → the ids of the names
 * holding them, ascending (ids are given in increasing order, and a rebuild indexes them in order). A search's
 * candidates are the intersection of its trigrams' lists. Not thread-safe: the name index locks.
 */
final class TrigramPostings {

    private final Map<Long, IntList> postings = new HashMap<>();

    /** Adds {@code id}, the latest id given, to the list of each trigram of {@code name}. */
    void index(String name, int id) {
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

    void clear() {
        postings.clear();
    }

    /**
     * The ids in the lists of every trigram of {@code glob}, ascending (empty when one trigram is in no name);
     * null when the pattern has no trigram, or its shortest list holds more than {@code max} ids: the caller walks
     * the names instead.
     */
    int[] candidates(Glob glob, int max) {
        List<IntList> lists = new ArrayList<>();
        for (int[] run : glob.literalRuns(3)) {
            for (int i = 0; i + 3 <= run.length; i++) {
                IntList list = postings.get(trigram(run, i));
                if (list == null) {
                    return new int[0];
                }
                lists.add(list);
            }
        }
        if (lists.isEmpty()) {
            return null;
        }
        lists.sort(Comparator.comparingInt(list -> list.size));
        return lists.get(0).size > max ? null : intersection(lists);
    }

    /** The ids in every one of {@code lists} (shortest first), ascending. */
    private static int[] intersection(List<IntList> lists) {
        int[] kept = Arrays.copyOf(lists.get(0).values, lists.get(0).size);
        int size = kept.length;
        for (int l = 1; l < lists.size() && size > 0; l++) {
            size = retainIn(kept, size, lists.get(l));
        }
        return size == kept.length ? kept : Arrays.copyOf(kept, size);
    }

    /** Keeps in {@code ids[0, size)} the ids {@code list} also holds (both ascending); returns how many are kept. */
    private static int retainIn(int[] ids, int size, IntList list) {
        int kept = 0;
        int from = 0;
        for (int i = 0; i < size && from < list.size; i++) {
            from = seek(list.values, from, list.size, ids[i]);
            if (from < list.size && list.values[from] == ids[i]) {
                ids[kept++] = ids[i];
            }
        }
        return kept;
    }

    /** The first index in [from, size) of the ascending {@code values} whose value is at least {@code key}: galloping, then binary. */
    private static int seek(int[] values, int from, int size, int key) {
        int step = 1;
        int low = from;
        int high = from;
        while (high < size && values[high] < key) {
            low = high + 1;
            high = from + step;
            step <<= 1;
        }
        high = Math.min(high, size);
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (values[mid] < key) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
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
