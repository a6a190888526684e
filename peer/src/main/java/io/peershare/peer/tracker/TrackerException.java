package io.peershare.peer.tracker;

/**
 * A tracker call failed: {@code status} is the HTTP status, or {@link #UNREACHABLE} when no answer came
 * (connection refused, timeout). The message is one line naming the tracker and what went wrong.
 */
public class TrackerException extends Exception {

    public static final int UNREACHABLE = -1;

    private final int status;
    private final String problemType;

    public TrackerException(int status, String message, Throwable cause) {
        this(status, "", message, cause);
    }

    /** @param problemType the {@code type} of the tracker's problem+json answer, "" when it sent none */
    public TrackerException(int status, String problemType, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.problemType = problemType;
    }

    public int status() {
        return status;
    }

    /** The problem's {@code type} (e.g. {@code urn:peershare:problem:not-found}), "" when the answer had none. */
    public String problemType() {
        return problemType;
    }

    /**
     * Whether the tracker has no such endpoint at all (an older tracker): 405, or a 404 that is not about a
     * peer or file it does not know ({@code http-404}, the unknown-path problem, or a 404 with no problem).
     */
    public boolean noSuchEndpoint() {
        return status == 405 || (status == 404 && (problemType.isEmpty() || problemType.endsWith(":http-404")));
    }

    public boolean unreachable() {
        return status == UNREACHABLE;
    }
}
