package io.peershare.peer.swarm;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The piece-sized buffers of all fetches of this peer: a piece is read from the socket into one, verified and
 * written from it, and the buffer comes back. A fixed number, made on first use, so the memory of fetching
 * is bounded (count × 1 MiB) however many sources and fetches run; a source that finds none free waits (its
 * bytes wait in the kernel's socket buffer meanwhile).
 *
 * <p>Direct buffers: the socket reads into them and the file is written from them without the extra copy
 * through a temporary direct buffer that a heap array costs on each side.
 */
public final class PieceBuffers {

    private final int pieceSize;
    private final int count;
    private final BlockingQueue<ByteBuffer> free;
    /** Buffers made so far, at most {@code count}: allocation is lazy and must not overshoot. */
    private final AtomicInteger made = new AtomicInteger();

    public PieceBuffers(int pieceSize, int count) {
        this.pieceSize = pieceSize;
        this.count = count;
        this.free = new ArrayBlockingQueue<>(count);
    }

    /** A buffer, waiting at most {@code timeoutMillis}; null when none became free in time. */
    ByteBuffer take(long timeoutMillis) throws InterruptedException {
        ByteBuffer buffer = free.poll();
        if (buffer == null) {
            if (made.getAndUpdate(n -> n < count ? n + 1 : n) < count) {
                buffer = ByteBuffer.allocateDirect(pieceSize);
            }
        }
        if (buffer == null) {
            buffer = free.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        return buffer == null ? null : buffer.clear();
    }

    void give(ByteBuffer buffer) {
        if (!free.offer(buffer)) {
            throw new IllegalStateException("a piece buffer was given back twice");
        }
    }
}
