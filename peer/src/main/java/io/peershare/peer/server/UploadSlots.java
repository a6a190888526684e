package io.peershare.peer.server;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The uploads this peer sends at once: a GET takes a slot for as long as its bytes are being sent; with every
 * slot taken, a version-2 client is told RETRY_LATER (ask again after a while, or elsewhere) instead of being
 * queued, so fetchers spread over the swarm rather than pile onto one peer. The hint is jittered so refused
 * fetchers do not all come back at the same moment.
 */
final class UploadSlots {

    private final Semaphore slots;
    private final int count;
    private final long retryAfterMillis;

    UploadSlots(int count, Duration retryAfter) {
        this.count = count;
        this.slots = new Semaphore(count);
        this.retryAfterMillis = Math.max(1, retryAfter.toMillis());
    }

    boolean tryAcquire() {
        return slots.tryAcquire();
    }

    void release() {
        slots.release();
    }

    int count() {
        return count;
    }

    int inUse() {
        return count - slots.availablePermits();
    }

    /** When to ask again: the configured hint, plus up to half of it at random. */
    long retryAfterMillis() {
        return retryAfterMillis + ThreadLocalRandom.current().nextLong(retryAfterMillis / 2 + 1);
    }
}
