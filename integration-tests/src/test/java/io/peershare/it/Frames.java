package io.peershare.it;

import io.peershare.protocol.wire.Message;
import io.peershare.protocol.wire.WireCodec;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Raw bytes for the peer's wire port, sent from a container inside the cluster network with bash's
 * {@code /dev/tcp}, and the frames that came back, decoded with the project's own codec.
 */
final class Frames {

    private Frames() {
    }

    /** What the connection answered: the raw bytes, and whether the peer closed it within the wait. */
    record Reply(byte[] bytes, boolean closed, String transcript) {

        /** The frames in the reply, decoded with {@link WireCodec}; a trailing partial frame is ignored. */
        List<Message> messages() {
            List<Message> messages = new ArrayList<>();
            ByteArrayInputStream in = new ByteArrayInputStream(bytes);
            try {
                while (in.available() > 0) {
                    messages.add(WireCodec.read(in));
                }
            } catch (EOFException truncated) {
                // The connection was reset before the whole frame arrived; keep what decoded.
            } catch (IOException e) {
                throw new AssertionError("the peer answered bytes that are not valid frames: " + HexFormat.of().formatHex(bytes), e);
            }
            return messages;
        }
    }

    /**
     * Opens a TCP connection from {@code from} to {@code host:port}, writes {@code payload}, then reads until
     * the peer closes the connection or {@code waitSeconds} pass.
     */
    static Reply send(Cluster cluster, org.testcontainers.containers.GenericContainer<?> from, String host, int port,
                      byte[] payload, int waitSeconds) {
        // A peer that closes early makes the write fail: with SIGPIPE ignored that is an error, not the end of bash.
        String script = "trap '' PIPE\n"
                + "exec 3<>/dev/tcp/" + host + "/" + port + " || exit 90\n"
                + "printf '" + escape(payload) + "' >&3 2>/dev/null\n"
                + "timeout " + waitSeconds + " od -An -v -tx1 <&3 | tr -d ' \\n'\n"
                + "echo \" rc=${PIPESTATUS[0]}\"\n";
        Shell.Result result = cluster.sh(from, script);
        if (result.exitCode() == 90) {
            throw new AssertionError("could not connect to " + host + ":" + port + ": " + result);
        }
        String out = result.stdout().strip();
        int rcAt = out.lastIndexOf("rc=");
        if (result.exitCode() != 0 || rcAt < 0) {
            throw new AssertionError("the probe script failed: " + result);
        }
        String hex = out.substring(0, Math.max(0, rcAt)).strip();
        int rc = Integer.parseInt(out.substring(rcAt + 3).strip());
        return new Reply(HexFormat.of().parseHex(hex), rc != 124, result.toString());
    }

    /** A frame header: magic "PS", version, type, declared payload length. */
    static byte[] header(int version, int type, long payloadLength) {
        return ByteBuffer.allocate(8).putShort((short) 0x5053).put((byte) version).put((byte) type)
                .putInt((int) payloadLength).array();
    }

    /** A GET frame with a name that is not a valid shared name (the codec refuses to build one). */
    static byte[] getWithName(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(2 + utf8.length + 32 + 8 + 8)
                .putShort((short) utf8.length).put(utf8).put(new byte[32]).putLong(0).putLong(-1L);
        return concat(header(1, 0x07, payload.capacity()), payload.array());
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer all = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }

    /** {@code \xHH} for every byte: safe inside a single-quoted printf format. */
    private static String escape(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 4);
        for (byte b : bytes) {
            out.append(String.format("\\x%02x", b & 0xFF));
        }
        return out.toString();
    }
}
