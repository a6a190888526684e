package io.peershare.peer.control;

/** A control API call failed: {@code status} is the HTTP status, or -1 when the daemon did not answer. */
public class ControlException extends Exception {

    public static final int UNREACHABLE = -1;

    private final int status;

    public ControlException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
