package io.peershare.tracker.shell;

/**
 * A shell command failed in a way the user can act on: the message is the one line printed to stderr,
 * {@link #exitCode()} follows the contract (1 failed, 2 bad usage, 3 tracker unreachable, 4 not found).
 */
public final class ShellException extends RuntimeException {

    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 3;
    public static final int NOT_FOUND = 4;

    private final int exitCode;

    public ShellException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
