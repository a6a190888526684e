package io.peershare.peer.repository;

/** A repository operation refused or failed; the message is one line a user can act on. */
public class RepositoryException extends RuntimeException {

    /** Why: the caller maps these to HTTP statuses and shell exit codes. */
    public enum Kind {
        /** Bad name, missing or unreadable local file, a folder instead of a file. */
        INVALID_INPUT,
        /** The name holds other content and replacing was not asked for. */
        CONFLICT,
        /** The disk failed us. */
        IO
    }

    private final Kind kind;

    public RepositoryException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RepositoryException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
