package io.peershare.protocol.wire;

/**
 * Every frame type, its id (u8 on the wire) and the protocol version that introduced it, in one place.
 * A frame of version {@code v} may only carry types with {@link #since()} ≤ {@code v}.
 */
public enum MessageType {
    HELLO(0x01, 1),
    HELLO_ACK(0x02, 1),
    PING(0x03, 1),
    PONG(0x04, 1),
    LIST(0x05, 1),
    LIST_RESULT(0x06, 1),
    GET(0x07, 1),
    DATA(0x08, 1),
    MANIFEST(0x09, 2),
    MANIFEST_RESULT(0x0A, 2),
    BITFIELD(0x0B, 2),
    BITFIELD_RESULT(0x0C, 2),
    HAVE(0x0D, 2),
    HAVE_RESULT(0x0E, 2),
    RETRY_LATER(0x0F, 2),
    ERROR(0x7F, 1);

    private final int id;
    private final int since;

    MessageType(int id, int since) {
        this.id = id;
        this.since = since;
    }

    public int id() {
        return id;
    }

    /** The first protocol version that has this type. */
    public int since() {
        return since;
    }

    /**
     * Whether a client may send this type to a server (HELLO and the requests). A server decides an answer type
     * arriving at it from the header alone, without reading its payload.
     */
    public boolean isRequest() {
        return switch (this) {
            case HELLO, PING, LIST, GET, MANIFEST, BITFIELD, HAVE -> true;
            default -> false;
        };
    }

    /** The type with this id in frames of {@code version}, or {@code null} when that version has no such id. */
    public static MessageType fromId(int id, int version) {
        for (MessageType type : values()) {
            if (type.id == id && type.since <= version) {
                return type;
            }
        }
        return null;
    }

    /** The type with this id in any version, or {@code null}. */
    public static MessageType fromId(int id) {
        return fromId(id, WireLimits.VERSION);
    }
}
