package io.peershare.peer.server;

import io.peershare.protocol.wire.ErrorCode;
import io.peershare.protocol.wire.FrameHeader;
import io.peershare.protocol.wire.Message;
import io.peershare.protocol.wire.ProtocolException;
import io.peershare.protocol.wire.WireCodec;
import io.peershare.protocol.wire.WireLimits;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * The bytes a client has sent and the server not yet decoded, on one connection: never more than one request
 * frame (313 bytes), because a client may only send requests and the largest is a GET of
 * {@link WireLimits#MAX_REQUEST_PAYLOAD_BYTES}. The header is judged as soon as its 8 bytes are in, so garbage,
 * an answer type or a length beyond a request's is refused without reading the payload. Pipelined requests
 * beyond the one being assembled wait in the kernel's socket buffer, not here.
 */
final class FrameBuffer {

    static final int CAPACITY = WireLimits.HEADER_BYTES + WireLimits.MAX_REQUEST_PAYLOAD_BYTES;

    private final ByteBuffer bytes = ByteBuffer.allocate(CAPACITY);
    /** System.nanoTime() when the first byte of the frame being assembled arrived; 0 while empty. */
    private long frameStartedAt;

    /**
     * Reads what the (non-blocking) channel has, up to the room left; returns the count, or -1 at end of stream.
     */
    int fill(ReadableByteChannel channel, long now) throws IOException {
        if (!bytes.hasRemaining()) {
            return 0;
        }
        int n = channel.read(bytes);
        if (n > 0 && frameStartedAt == 0) {
            frameStartedAt = now;
        }
        return n;
    }

    /**
     * The next complete request frame, decoded for a connection of {@code version}, or null while incomplete.
     *
     * @throws ProtocolException the frame is not one a client may send; the connection must answer and close
     */
    Message next(int version, long now) throws ProtocolException {
        if (bytes.position() < WireLimits.HEADER_BYTES) {
            return null;
        }
        byte[] array = bytes.array();
        FrameHeader header = WireCodec.header(array, 0, version);
        if (!header.type().isRequest()) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE,
                    "a server is sent HELLO and requests only, not " + header.type());
        }
        if (header.payloadLength() > WireLimits.MAX_REQUEST_PAYLOAD_BYTES) {
            throw new ProtocolException(ErrorCode.FRAME_TOO_LARGE, header.type() + " frame declares " + header.payloadLength()
                    + " payload bytes; no request exceeds " + WireLimits.MAX_REQUEST_PAYLOAD_BYTES);
        }
        int frameLength = WireLimits.HEADER_BYTES + header.payloadLength();
        if (bytes.position() < frameLength) {
            return null;
        }
        Message message = WireCodec.decode(array, 0, frameLength, version);
        int left = bytes.position() - frameLength;
        System.arraycopy(array, frameLength, array, 0, left);
        bytes.position(left);
        frameStartedAt = left > 0 ? now : 0;
        return message;
    }

    /** When the frame being assembled began, 0 when no byte of one is here. */
    long frameStartedAt() {
        return frameStartedAt;
    }
}
