package io.peershare.protocol.wire;

/** The server's answer to HELLO: the version both sides will speak. */
public record HelloAck(int version, String agent) implements Message {

    public HelloAck {
        Fields.requireU8("version", version);
        if (version < 1) {
            throw new IllegalArgumentException("HELLO_ACK version must be at least 1, got " + version);
        }
        Fields.requireString("agent", agent, WireLimits.MAX_AGENT_BYTES);
    }

    @Override
    public MessageType type() {
        return MessageType.HELLO_ACK;
    }
}
