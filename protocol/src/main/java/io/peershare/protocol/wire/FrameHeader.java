package io.peershare.protocol.wire;

/**
 * The checked 8-byte header of a frame: a type that exists in the connection's version and a payload length
 * within {@link WireLimits#MAX_PAYLOAD_BYTES} (see {@link WireCodec#header}).
 */
public record FrameHeader(MessageType type, int payloadLength) {

    public FrameHeader {
        if (payloadLength < 0 || payloadLength > WireLimits.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload length " + payloadLength + " is outside 0.." + WireLimits.MAX_PAYLOAD_BYTES);
        }
    }
}
