package io.peershare.protocol.wire;

/** Liveness probe; the nonce comes back in the PONG so a round-trip time can be matched and measured. */
public record Ping(long nonce) implements Message {
    @Override
    public MessageType type() {
        return MessageType.PING;
    }
}
