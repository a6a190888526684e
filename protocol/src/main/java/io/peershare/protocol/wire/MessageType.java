package io.peershare.protocol.wire;

/** Every frame type and its id (u8 on the wire), in one place. */
public enum MessageType {
    HELLO(0x01),
    HELLO_ACK(0x02),
    PING(0x03),
    PONG(0x04),
    LIST(0x05),
    LIST_RESULT(0x06),
    GET(0x07),
    DATA(0x08),
    ERROR(0x7F);

    private final int id;

    MessageType(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    /** The type with this id, or {@code null} when the id is unknown. */
    public static MessageType fromId(int id) {
        for (MessageType type : values()) {
            if (type.id == id) {
                return type;
            }
        }
        return null;
    }
}
