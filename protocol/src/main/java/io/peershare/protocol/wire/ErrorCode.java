package io.peershare.protocol.wire;

/**
 * Error codes carried by an ERROR frame (u16 on the wire). Codes 1-15 are protocol violations, codes
 * 16-31 refuse one request, codes 32-47 report the server's own condition. Whether the connection survives
 * is {@link #fatal()} per code, not per range: after a fatal code the sender closes the connection (BUSY
 * is fatal), after a non-fatal one it stays usable. See docs/protocol.md, "Error codes".
 */
public enum ErrorCode {
    /** The frame or its payload is not well-formed (bad magic, truncated field, trailing bytes, bad UTF-8). */
    MALFORMED_FRAME(1, true),
    /** The frame's version byte, or the HELLO range, names no version this side speaks. */
    UNSUPPORTED_VERSION(2, true),
    /** The frame type is unknown to this side. */
    UNKNOWN_TYPE(3, true),
    /** The declared payload length exceeds the hard maximum. */
    FRAME_TOO_LARGE(4, true),
    /** A well-formed message that is not allowed here (a request before HELLO, a response sent to a server). */
    UNEXPECTED_MESSAGE(5, true),
    /** A field holds a value outside its domain (negative offset, invalid name). */
    INVALID_FIELD(6, true),
    /** No file is shared under the requested name. */
    NO_SUCH_FILE(16, false),
    /** A file is shared under that name, but with a different SHA-256 than the one requested. */
    HASH_MISMATCH(17, false),
    /** offset/length do not fit inside the file. */
    BAD_RANGE(18, false),
    /** (Version 2) The GET range covers a piece the server does not hold (yet); ask for its bitfield again. */
    NOT_HELD(19, false),
    /**
     * The server has too many connections (sent before HELLO), or, on a version-1 connection, no free upload slot
     * for a GET (version 1 has no RETRY_LATER); try another source or later.
     */
    BUSY(32, true),
    /** The server failed to read its own file (I/O error, file changed behind its back). */
    INTERNAL(33, false),
    /** A code this implementation does not know; treated as a protocol violation. */
    UNKNOWN(0xFFFF, true);

    private final int code;
    private final boolean fatal;

    ErrorCode(int code, boolean fatal) {
        this.code = code;
        this.fatal = fatal;
    }

    /** The u16 value on the wire. */
    public int code() {
        return code;
    }

    /** Whether the sender closes the connection after sending this error. */
    public boolean fatal() {
        return fatal;
    }

    public static ErrorCode fromCode(int code) {
        for (ErrorCode value : values()) {
            if (value.code == code) {
                return value;
            }
        }
        return UNKNOWN;
    }
}
