package io.peershare.tracker.probe;

/**
 * Every probe slot is taken ({@code tracker.probe.max-concurrent}): the request that wanted one is answered
 * 503 with Retry-After rather than queued, so a flood of unauthenticated requests cannot pile up waiting
 * tracker threads.
 */
public final class ProbeBusyException extends RuntimeException {

    private final long retryAfterSeconds;

    public ProbeBusyException(int slots, long retryAfterSeconds) {
        super("the tracker is already probing " + slots + " peers, its limit; retry in " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
