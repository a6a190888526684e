package io.peershare.tracker.dashboard;

/** Every dashboard stream slot is taken: answered 503 with Retry-After, like a busy probe. */
public final class DashboardBusyException extends RuntimeException {

    public DashboardBusyException(String message) {
        super(message, null, false, false);
    }
}
