package io.peershare.protocol.wire;

/** Hard limits of the protocol (docs/protocol.md, "Limits"). */
public final class WireLimits {

    /** The highest protocol version this implementation speaks. */
    public static final int VERSION = 2;
    /** The lowest protocol version this implementation speaks (servers answer version-1 clients). */
    public static final int MIN_VERSION = 1;
    /** The version byte of every frame before the end of the handshake (HELLO and its answer). */
    public static final int HANDSHAKE_VERSION = 1;
    /** Bytes of the fixed frame header: magic (2), version (1), type (1), payload length (4). */
    public static final int HEADER_BYTES = 8;
    /** Frame magic, "PS" in ASCII. */
    public static final int MAGIC = 0x5053;
    /** Largest payload a frame may declare; a larger declared length is rejected before anything is allocated. */
    public static final int MAX_PAYLOAD_BYTES = 1 << 20;
    /** Longest agent string in HELLO / HELLO_ACK, in UTF-8 bytes. */
    public static final int MAX_AGENT_BYTES = 256;
    /** Longest ERROR message, in UTF-8 bytes. */
    public static final int MAX_ERROR_MESSAGE_BYTES = 1024;
    /** Most entries in one LIST_RESULT page (each entry is at most 2 + 255 + 8 + 32 = 297 bytes). */
    public static final int MAX_LIST_ENTRIES = 2048;
    /** Size of every piece but a file's last (version 2): 1 MiB. */
    public static final int PIECE_SIZE = 1 << 20;
    /** Most pieces in one file (version 2): 2^22, so a bitfield (512 KiB) fits a frame; files up to 4 TiB. */
    public static final int MAX_PIECES = 1 << 22;
    /** Most piece hashes in one MANIFEST_RESULT page (16 384 × 32 bytes = 512 KiB). */
    public static final int MAX_MANIFEST_ENTRIES = 16_384;
    /** Most piece indices in one HAVE_RESULT (16 384 × 4 bytes = 64 KiB). */
    public static final int MAX_HAVE_ENTRIES = 16_384;
    /** Longest wait RETRY_LATER may ask for, in milliseconds. */
    public static final int MAX_RETRY_AFTER_MILLIS = 60_000;
    /**
     * Most requests a client may have outstanding on one version-2 connection (pipelining); version 1 allows one.
     * Sixteen of the largest request (a GET of a 255-byte name, 313 bytes) fit any socket buffer, so a client
     * can write them all without reading and neither side blocks the other.
     */
    public static final int MAX_PIPELINED_REQUESTS = 16;

    /**
     * Largest payload of a frame a client may send a server: a GET of a 255-byte name (2 + 255 + 32 + 8 + 8 = 305
     * bytes) is the largest request; HELLO is at most 1 + 1 + 2 + 256 = 260. A server may refuse a request frame
     * declaring more with FRAME_TOO_LARGE before reading it, and so needs only a buffer this small per connection.
     */
    public static final int MAX_REQUEST_PAYLOAD_BYTES = 305;

    private WireLimits() {
    }
}
