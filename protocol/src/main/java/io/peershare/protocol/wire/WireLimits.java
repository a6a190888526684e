package io.peershare.protocol.wire;

/** Hard limits of protocol version 1 (docs/protocol.md, "Limits"). */
public final class WireLimits {

    /** The only protocol version this implementation speaks. */
    public static final int VERSION = 1;
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

    private WireLimits() {
    }
}
