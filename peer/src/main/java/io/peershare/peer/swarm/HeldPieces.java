package io.peershare.peer.swarm;

import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pieces of one file this peer holds, verified, and the order in which they became held: the have-log
 * of docs/protocol.md ("HAVE"). A piece is never removed, so a client that has read the first {@code serial}
 * entries of the log knows exactly which pieces it has not been told about. Thread-safe: the fetch adds
 * pieces while the file server reads snapshots.
 */
public final class HeldPieces {

    private final int pieceCount;
    /** Not a monitor: a virtual thread waiting on one pins its carrier on JDK 21 (NoMonitorsTest). */
    private final ReentrantLock lock = new ReentrantLock();
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
    public boolean add(int piece) {
        lock.lock();
        try {
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
        } finally {
            lock.unlock();
        }
    }

    public boolean has(int piece) {
        lock.lock();
        try {
            return held.get(piece);
        } finally {
            lock.unlock();
        }
    }

    /** Whether every piece from {@code first} to {@code last} (inclusive) is held. */
    public boolean hasAll(int first, int last) {
        lock.lock();
        try {
            int missing = held.nextClearBit(first);
            return missing > last;
        } finally {
            lock.unlock();
        }
    }

    /** How many pieces are held: the length of the have-log. */
    public int count() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    public boolean complete() {
        lock.lock();
        try {
            return size == pieceCount;
        } finally {
            lock.unlock();
        }
    }

    /** The held pieces now; its cardinality is the have-log's length at the same moment. */
    public BitSet snapshot() {
        lock.lock();
        try {
            return (BitSet) held.clone();
        } finally {
            lock.unlock();
        }
    }

    /** The pieces not held (a copy). */
    public BitSet missing() {
        lock.lock();
        try {
            BitSet missing = new BitSet(pieceCount);
            missing.set(0, pieceCount);
            missing.andNot(held);
            return missing;
        } finally {
            lock.unlock();
        }
    }

    /** Number of pieces from piece 0 on that are all held. */
    public int contiguous() {
        lock.lock();
        try {
            return Math.min(held.nextClearBit(0), pieceCount);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Entries {@code from ..} of the have-log, at most {@code max} of them.
     *
     * @throws IllegalArgumentException when {@code from} is beyond the log's length
     */
    public int[] log(int from, int max) {
        lock.lock();
        try {
            if (from < 0 || from > size) {
                throw new IllegalArgumentException("serial " + from + " is beyond the " + size + " pieces held");
            }
            return Arrays.copyOfRange(log, from, from + Math.min(max, size - from));
        } finally {
            lock.unlock();
        }
    }
}
