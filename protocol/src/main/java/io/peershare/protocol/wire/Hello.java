package io.peershare.protocol.wire;

/** First frame a client sends: the range of protocol versions it speaks and a free-form agent string. */
public record Hello(int minVersion, int maxVersion, String agent) implements Message {

    public Hello {
        Fields.requireU8("min_version", minVersion);
        Fields.requireU8("max_version", maxVersion);
        if (minVersion < 1 || minVersion > maxVersion) {
            throw new IllegalArgumentException("HELLO version range " + minVersion + ".." + maxVersion + " is empty or below 1");
        }
        Fields.requireString("agent", agent, WireLimits.MAX_AGENT_BYTES);
    }

    @Override
    public MessageType type() {
        return MessageType.HELLO;
    }
}
