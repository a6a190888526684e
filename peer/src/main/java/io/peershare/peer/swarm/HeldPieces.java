package io.peershare.peer.swarm;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The pieces of one file this peer holds, verified, and the order in which they became held: the have-log
 * of docs/protocol.md ("HAVE"). A piece is never removed, so a client that has read the first {@code serial}
 * entries of the log knows exactly which pieces it has not been told about. Thread-safe: the fetch adds
 * pieces while the file server reads snapshots.
 */
public final class HeldPieces {

    private final int pieceCount;
    private final BitSet held;
    private int[] log;
    private int size;

    public HeldPieces(int pieceCount) {
        this.pieceCount = pieceCount;
        this.held = new BitSet(pieceCount);
        this.log = new int[Math.min(pieceCount, 1024)];
    }

    public int pieceCount() {
        return pieceCount;
    }

    /** Marks {@code piece} held; returns false when it already was. */
    public synchronized boolean add(int piece) {
        if (piece < 0 || piece >= pieceCount) {
            throw new IndexOutOfBoundsException("piece " + piece + " of " + pieceCount);
        }
        if (held.get(piece)) {
            return false;
        }
        held.set(piece);
        if (size == log.length) {
            log = Arrays.copyOf(log, Math.min(pieceCount, Math.max(16, log.length * 2)));
        }
        log[size++] = piece;
        return true;
    }

    public synchronized boolean has(int piece) {
        return held.get(piece);
    }

    /** Whether every piece from {@code first} to {@code last} (inclusive) is held. */
    public synchronized boolean hasAll(int first, int last) {
        int missing = held.nextClearBit(first);
        return missing > last;
    }

    /** How many pieces are held: the length of the have-log. */
    public synchronized int count() {
        return size;
    }

    public synchronized boolean complete() {
        return size == pieceCount;
    }

    /** The held pieces now; its cardinality is the have-log's length at the same moment. */
    public synchronized BitSet snapshot() {
        return (BitSet) held.clone();
    }

    /** The pieces not held (a copy). */
    public synchronized BitSet missing() {
        BitSet missing = new BitSet(pieceCount);
        missing.set(0, pieceCount);
        missing.andNot(held);
        return missing;
    }

    /** Number of pieces from piece 0 on that are all held. */
    public synchronized int contiguous() {
        return Math.min(held.nextClearBit(0), pieceCount);
    }

    /**
     * Entries {@code from ..} of the have-log, at most {@code max} of them.
     *
     * @throws IllegalArgumentException when {@code from} is beyond the log's length
     */
    public synchronized int[] log(int from, int max) {
        if (from < 0 || from > size) {
            throw new IllegalArgumentException("serial " + from + " is beyond the " + size + " pieces held");
        }
        return Arrays.copyOfRange(log, from, from + Math.min(max, size - from));
    }
}
