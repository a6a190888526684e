package io.peershare.tracker.registry;

import io.peershare.protocol.api.Source;

import java.util.AbstractList;
import java.util.RandomAccess;
import java.util.random.RandomGenerator;

/**
 * The sources drawn for one entry of a sources answer: the holders' pre-encoded {@link SourceBytes} and whether
 * each is partial. A read-only {@code List<Source>} to everyone (each {@link #get} makes the record), while the
 * JSON writer copies the encoded bytes instead ({@link #length}, {@link #write}): the draw allocates no record
 * per source. Filled once by the draw, then shuffled; never changed after it is handed out.
 */
public final class DrawnSources extends AbstractList<Source> implements RandomAccess {

    private final SourceBytes[] holders;
    private final boolean[] partial;
    private int size;
    /** The bytes {@link #write} writes, kept while adding: the draw has just read each holder's encoding. */
    private int length;

    DrawnSources(int capacity) {
        holders = new SourceBytes[capacity];
        partial = new boolean[capacity];
    }

    void add(SourceBytes holder, boolean isPartial) {
        holders[size] = holder;
        partial[size] = isPartial;
        length += holder.length(isPartial) + (size > 0 ? 1 : 0);
        size++;
    }

    /** Drops the sources after the first {@code kept} (a draw that falls back to reading every holder). */
    void truncate(int kept) {
        for (int i = size - 1; i >= kept; i--) {
            length -= holders[i].length(partial[i]) + (i > 0 ? 1 : 0);
            holders[i] = null;
        }
        size = kept;
    }

    /** Fisher-Yates from the end, as {@link java.util.Collections#shuffle(java.util.List, RandomGenerator)} does. */
    void shuffle(RandomGenerator random) {
        for (int i = size; i > 1; i--) {
            int j = random.nextInt(i);
            SourceBytes holder = holders[i - 1];
            holders[i - 1] = holders[j];
            holders[j] = holder;
            boolean kind = partial[i - 1];
            partial[i - 1] = partial[j];
            partial[j] = kind;
        }
    }

    @Override
    public Source get(int index) {
        java.util.Objects.checkIndex(index, size);
        return holders[index].source(partial[index]);
    }

    @Override
    public int size() {
        return size;
    }

    /** The bytes of the sources as a JSON array's elements, comma-separated ({@link #write}). */
    public int length() {
        return length;
    }

    /** Writes the sources as a JSON array's elements, comma-separated, from {@code at}; returns the index after. */
    public int write(byte[] into, int at) {
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                into[at++] = ',';
            }
            at = holders[i].write(partial[i], into, at);
        }
        return at;
    }
}
