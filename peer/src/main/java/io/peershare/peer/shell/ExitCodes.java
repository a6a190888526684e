package io.peershare.peer.shell;

/** Shell exit codes (docs/architecture.md, "Shell exit codes"): scripts rely on them. */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 3;
    public static final int NOT_FOUND = 4;

    private ExitCodes() {
    }
}
