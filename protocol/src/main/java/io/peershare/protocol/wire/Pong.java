package io.peershare.protocol.wire;

/** Answer to PING with the same nonce. */
public record Pong(long nonce) implements Message {
    @Override
    public MessageType type() {
        return MessageType.PONG;
    }
}
