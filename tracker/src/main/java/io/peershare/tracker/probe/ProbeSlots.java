package io.peershare.tracker.probe;

import java.util.concurrent.Semaphore;

/**
 * The bound on probes running at once. Each holds a tracker thread for up to the probe deadline, and each is
 * triggered by a request anyone may send, so the slots are taken without waiting: when none is free the
 * caller gets a {@link ProbeBusyException} (503, Retry-After) at once.
 */
final class ProbeSlots {

    /** One probe's work, which may fail as a probe does. */
    @FunctionalInterface
    interface Probe<T> {
        T run() throws java.io.IOException;
    }

    private final Semaphore slots;
    private final int size;
    private final long retryAfterSeconds;

    ProbeSlots(int size, long retryAfterSeconds) {
        if (size < 1) {
            throw new IllegalArgumentException("tracker.probe.max-concurrent must be at least 1, got " + size);
        }
        this.slots = new Semaphore(size);
        this.size = size;
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    <T> T run(Probe<T> probe) throws java.io.IOException {
        if (!slots.tryAcquire()) {
            throw new ProbeBusyException(size, retryAfterSeconds);
        }
        try {
            return probe.run();
        } finally {
            slots.release();
        }
    }

    /** Slots free right now (tests). */
    int available() {
        return slots.availablePermits();
    }
}
