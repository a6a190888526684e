package io.peershare.peer.swarm;

import io.peershare.protocol.PieceManifest;
import io.peershare.protocol.Sha256;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The SHA-256 of the whole file, computed while pieces arrive: SHA-256 can only run front to back, so this
 * thread hashes the held prefix of the data file as it grows (reading back what the page cache still holds).
 * Pieces fetched in order keep it right behind the download; pieces fetched out of order make it wait, and
 * the rest is hashed at the end.
 *
 * <p>Why a thread of its own: it is the one stage that cannot be spread over pieces, and on a fast link it
 * would otherwise be the bottleneck of whichever thread ran it.
 */
final class WholeFileHasher {

    private static final int CHUNK = 1 << 20;

    private final String name;
    private final FileChannel data;
    private final PieceManifest manifest;
    private final HeldPieces held;
    private final MessageDigest digest = Sha256.newDigest();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long hashed;
    private boolean closed;
    private IOException failure;
    private Sha256 result;
    private Thread thread;

    WholeFileHasher(String name, FileChannel data, PieceManifest manifest, HeldPieces held) {
        this.name = name;
        this.data = data;
        this.manifest = manifest;
        this.held = held;
    }

    void start() {
        thread = Thread.ofPlatform().name("whole-file-hash").daemon().start(this::run);
    }

    /** More pieces are held: the prefix may have grown. */
    void advance() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the whole file is hashed and returns its SHA-256. */
    Sha256 await() throws IOException {
        lock.lock();
        try {
            while (result == null && failure == null && !closed) {
                changed.awaitUninterruptibly();
            }
            if (failure != null) {
                throw failure;
            }
            if (result == null) {
                throw new InterruptedIOException("hashing " + name + " was stopped");
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        // Direct: the file is read into it with one copy; the digest then reads it in small cache-hot chunks.
        ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
        try {
            while (hashed < manifest.fileSize()) {
                long end = waitForPrefix();
                if (end < 0) {
                    return;
                }
                while (hashed < end) {
                    buffer.clear().limit((int) Math.min(CHUNK, end - hashed));
                    int n = data.read(buffer, hashed);
                    if (n <= 0) {
                        throw new IOException("the data file of " + name + " is shorter than its held pieces");
                    }
                    digest.update(buffer.flip());
                    hashed += n;
                }
            }
            finishWith(new Sha256(digest.digest()), null);
        } catch (IOException e) {
            finishWith(null, e);
        }
    }

    /** The end of the held prefix once it is beyond what is hashed; -1 when closed. */
    private long waitForPrefix() {
        lock.lock();
        try {
            while (!closed) {
                int pieces = held.contiguous();
                long end = pieces == manifest.pieceCount() ? manifest.fileSize() : (long) pieces * manifest.pieceSize();
                if (end > hashed) {
                    return end;
                }
                changed.awaitUninterruptibly();
            }
            return -1;
        } finally {
            lock.unlock();
        }
    }

    private void finishWith(Sha256 sha, IOException error) {
        lock.lock();
        try {
            result = sha;
            failure = error;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
