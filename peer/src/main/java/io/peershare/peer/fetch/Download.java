package io.peershare.peer.fetch;

import io.peershare.protocol.Sha256;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * A download into one temp file, possibly from several sources in turn. The running SHA-256 and the write
 * position carry over from one {@link #receive} to the next, so a second source continues where the
 * first died.
 *
 * <p>Why two threads: hashing (about 1.2 GB/s here) is the slowest stage and takes a core by itself at
 * loopback speed. The calling thread fills 1 MiB direct buffers from the socket and writes them to the file
 * while a hasher thread digests the previous buffers; a small ring of buffers bounds memory to
 * {@code BUFFERS} MiB per fetch. A write or read failure stops the reader; the hasher drains what was written.
 */
final class Download implements Closeable {

    static final int BUFFER_BYTES = 1 << 20;
    static final int BUFFERS = 4;
    /** Written bytes between two background flushes to disk (see {@link Flusher}). */
    static final long FLUSH_EVERY_BYTES = 64L << 20;

    /** Marks the end of a receive for the hasher (compared by identity). */
    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private final FileChannel file;
    private final MessageDigest digest = Sha256.newDigest();
    private final LongConsumer progress;
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
    private final Flusher flusher;
    private long position;
    private long unflushed;

    Download(Path temp, LongConsumer progress) throws IOException {
        this.file = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.flusher = new Flusher(file);
        this.progress = progress;
        for (int i = 0; i < BUFFERS; i++) {
            // Direct buffers: the socket reads into them and the file is written from them without heap copies.
            free.add(ByteBuffer.allocateDirect(BUFFER_BYTES));
        }
    }

    /** Bytes received, hashed and written so far. */
    long position() {
        return position;
    }

    /** Throws away everything received (after a corrupt copy), to start again from offset 0. */
    void restart() throws IOException {
        file.truncate(0);
        position = 0;
        digest.reset();
        progress.accept(0);
    }

    /**
     * Receives exactly {@code length} raw bytes from {@code in} at the current position. On a failure the bytes
     * that did arrive are kept (written and hashed), so the caller can continue from {@link #position()}.
     */
    void receive(ReadableByteChannel in, long length) throws IOException {
        BlockingQueue<ByteBuffer> full = new ArrayBlockingQueue<>(BUFFERS + 1);
        Hasher hasher = new Hasher(full);
        Thread thread = Thread.ofPlatform().name("fetch-hasher").daemon().start(hasher);
        try {
            pump(in, length, full);
        } finally {
            putUninterruptibly(full, END);
            joinUninterruptibly(thread);
            position = hasher.position;
            progress.accept(position);
        }
    }

    /**
     * The reading side: fill a buffer from the socket, write it to the file, hand it to the hasher. Bytes that
     * arrived before a read failure are still written and hashed; then the failure is thrown.
     */
    private void pump(ReadableByteChannel in, long length, BlockingQueue<ByteBuffer> full) throws IOException {
        long remaining = length;
        long at = position;
        while (remaining > 0) {
            ByteBuffer buffer = takeUninterruptibly(free).clear();
            buffer.limit((int) Math.min(buffer.capacity(), remaining));
            IOException failure = null;
            try {
                while (buffer.hasRemaining()) {
                    if (in.read(buffer) < 0) {
                        throw new EOFException("source closed the connection with " + (remaining - buffer.position()) + " bytes to go");
                    }
                }
            } catch (IOException e) {
                failure = e;
            }
            buffer.flip();
            int filled = buffer.remaining();
            write(buffer.duplicate(), at);
            putUninterruptibly(full, buffer);
            at += filled;
            remaining -= filled;
            if (failure != null) {
                throw failure;
            }
        }
    }

    private void write(ByteBuffer buffer, long at) throws IOException {
        long offset = at;
        while (buffer.hasRemaining()) {
            int written = file.write(buffer, offset);
            offset += written;
            unflushed += written;
        }
        if (unflushed >= FLUSH_EVERY_BYTES) {
            unflushed = 0;
            flusher.request();
        }
    }

    /** The hashing side, on its own core: SHA-256 is the slowest stage, so it does nothing else. */
    private final class Hasher implements Runnable {
        private final BlockingQueue<ByteBuffer> full;
        private volatile long position = Download.this.position;

        Hasher(BlockingQueue<ByteBuffer> full) {
            this.full = full;
        }

        @Override
        public void run() {
            for (ByteBuffer chunk = takeUninterruptibly(full); chunk != END; chunk = takeUninterruptibly(full)) {
                int length = chunk.remaining();
                digest.update(chunk);
                position += length;
                progress.accept(position);
                putUninterruptibly(free, chunk);
            }
        }
    }

    /** The SHA-256 of everything received; call once, when complete. */
    Sha256 digest() {
        return new Sha256(digest.digest());
    }

    /** Makes the bytes durable before the rename that publishes them. */
    void sync() throws IOException {
        flusher.close();
        file.force(true);
    }

    @Override
    public void close() throws IOException {
        flusher.close();
        file.close();
    }

    /**
     * Writes received data back to disk while the transfer goes on, so the fsync before the commit finds
     * little left to do: without it, the final fsync of a 1 GiB download alone costs a quarter of a second
     * here. At most one flush runs or waits at a time; a request while one runs is folded into the next.
     */
    private static final class Flusher implements Closeable {
        private final FileChannel file;
        private final ExecutorService thread = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("fetch-flusher").daemon().factory());
        private final AtomicBoolean pending = new AtomicBoolean();

        Flusher(FileChannel file) {
            this.file = file;
        }

        void request() {
            if (pending.compareAndSet(false, true)) {
                thread.execute(() -> {
                    pending.set(false);
                    try {
                        file.force(false);
                    } catch (IOException e) {
                        // Only an early write-back: the final sync() reports a real failure.
                    }
                });
            }
        }

        @Override
        public void close() {
            thread.shutdown();
            try {
                thread.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static <T> T takeUninterruptibly(BlockingQueue<T> queue) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return queue.take();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static <T> void putUninterruptibly(BlockingQueue<T> queue, T item) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    queue.put(item);
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
