package io.peershare.peer.swarm;

import io.peershare.protocol.PieceManifest;
import io.peershare.protocol.Sha256;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Checks each piece against its hash in the manifest as it arrives, and writes the good ones to the store,
 * on a few threads shared by every fetch of this peer: hashing is the costly step of receiving, so it runs
 * beside the socket reads rather than after them. The queue cannot overflow: every task holds one of the
 * {@link PieceBuffers}, of which there are at most {@code queueLimit}.
 */
public final class PieceVerifier implements AutoCloseable {

    /** Where a verified, a corrupt or an unwritable piece is reported. */
    interface Outcome {
        void verified(int piece, SwarmSource source, int length);

        void corrupt(int piece, SwarmSource source, int length);

        void unwritable(int piece, IOException failure);
    }

    private static final int WARM_UP_CHUNK = 1 << 20;
    private static final int WARM_UP_CHUNKS = 16;

    private final ExecutorService threads;
    private final ThreadLocal<MessageDigest> digests = ThreadLocal.withInitial(Sha256::newDigest);

    public PieceVerifier(int threadCount, int queueLimit) {
        this.threads = new ThreadPoolExecutor(threadCount, threadCount, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueLimit), Thread.ofPlatform().name("piece-verifier-", 1).daemon().factory());
    }

    /**
     * Hashes a few MiB on one of the verifier threads, at low cost once, so that the JIT has compiled SHA-256
     * with the CPU's own instructions before the first fetch: until then a piece hashes several times slower,
     * and on a busy machine (nine JVMs starting on two cores) the first fetch after a daemon start paid for it
     * in whole seconds.
     */
    public void warmUp() {
        threads.execute(() -> {
            ByteBuffer block = ByteBuffer.allocateDirect(WARM_UP_CHUNK);
            MessageDigest digest = digests.get();
            for (int i = 0; i < WARM_UP_CHUNKS; i++) {
                digest.update(block.clear());
                digest.digest();
            }
        });
    }

    /** Verifies {@code piece}, the bytes of {@code buffer} from 0 to its limit; writes it if good, reports, gives back. */
    void submit(PieceStore store, int piece, SwarmSource source, ByteBuffer buffer, PieceBuffers buffers, Outcome outcome) {
        threads.execute(() -> {
            try {
                verify(store, piece, source, buffer, outcome);
            } finally {
                buffers.give(buffer);
            }
        });
    }

    private void verify(PieceStore store, int piece, SwarmSource source, ByteBuffer buffer, Outcome outcome) {
        PieceManifest manifest = store.manifest();
        MessageDigest digest = digests.get();
        int length = buffer.remaining();
        digest.update(buffer.duplicate());
        if (!manifest.matches(piece, digest.digest())) {
            outcome.corrupt(piece, source, length);
            return;
        }
        try {
            store.write(piece, buffer);
        } catch (IOException e) {
            outcome.unwritable(piece, e);
            return;
        }
        outcome.verified(piece, source, length);
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
