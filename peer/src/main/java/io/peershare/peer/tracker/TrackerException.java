package io.peershare.peer.tracker;

/**
 * A tracker call failed: {@code status} is the HTTP status, or {@link #UNREACHABLE} when no answer came
 * (connection refused, timeout). The message is one line naming the tracker and what went wrong.
 */
public class TrackerException extends Exception {

    public static final int UNREACHABLE = -1;

    private final int status;

    public TrackerException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public boolean unreachable() {
        return status == UNREACHABLE;
    }
}
