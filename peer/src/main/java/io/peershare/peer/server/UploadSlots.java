package io.peershare.peer.server;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The uploads this peer sends at once: a GET takes a slot for as long as its bytes are being sent. With every
 * slot taken, a GET waits a short while in arrival order (a fair semaphore), so the slots rotate among the
 * clients: without it the connection that just finished a piece, whose next pipelined GET is read at once,
 * would win the slot again every time and the others would starve. When none frees in time, a version-2
 * client is told RETRY_LATER (ask again after a while, or elsewhere), so fetchers spread over the swarm rather
 * than pile onto one peer. The hint is jittered so refused fetchers do not all come back at the same moment.
 */
final class UploadSlots {

    private final Semaphore slots;
    private final int count;
    private final long retryAfterMillis;
    private final long queueWaitNanos;

    UploadSlots(int count, Duration retryAfter, Duration queueWait) {
        this.count = count;
        this.slots = new Semaphore(count, true);
        this.retryAfterMillis = Math.max(1, retryAfter.toMillis());
        this.queueWaitNanos = queueWait.toNanos();
    }

    /** Takes a slot, waiting at most the queue wait behind earlier GETs; false when none freed in time. */
    boolean acquire() {
        try {
            return slots.tryAcquire(queueWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void release() {
        slots.release();
    }

    int count() {
        return count;
    }

    /** Whether some GET waits for a slot now. */
    boolean hasQueuedGets() {
        return slots.hasQueuedThreads();
    }

    int inUse() {
        return count - slots.availablePermits();
    }

    /** When to ask again: the configured hint, plus up to half of it at random. */
    long retryAfterMillis() {
        return retryAfterMillis + ThreadLocalRandom.current().nextLong(retryAfterMillis / 2 + 1);
    }
}
