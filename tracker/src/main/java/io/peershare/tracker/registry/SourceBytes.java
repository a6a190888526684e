package io.peershare.tracker.registry;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.peershare.protocol.api.Source;

import java.nio.charset.StandardCharsets;

/**
 * One holder's source object in the sources answer, encoded once as JSON (UTF-8) up to its last field: {@code
 * {"hostname":"…","address":"…","port":N,"partial":}; the answer adds {@code true}} or {@code false}}, which
 * depends on the announcement, not on the peer. Its {@link PeerCell} keeps it while the peer's address and port
 * stay those encoded here, so an answer copies bytes instead of writing every field of every source again (that
 * writing was about half of the tracker's time per answer). Immutable; the shape is {@link Source}'s as Jackson
 * writes the record (field order, escaping), which {@code SourcesJsonTest} checks.
 */
public final class SourceBytes {

    private static final byte[] HOSTNAME = ascii("{\"hostname\":\"");
    private static final byte[] ADDRESS = ascii("\",\"address\":\"");
    private static final byte[] PORT = ascii("\",\"port\":");
    private static final byte[] PARTIAL = ascii(",\"partial\":");
    private static final byte[] TRUE_END = ascii("true}");
    private static final byte[] FALSE_END = ascii("false}");

    final String hostname;
    final String address;
    final int port;
    private final byte[] head;

    private SourceBytes(String hostname, String address, int port) {
        this.hostname = hostname;
        this.address = address;
        this.port = port;
        JsonStringEncoder strings = JsonStringEncoder.getInstance();
        this.head = concat(HOSTNAME, strings.quoteAsUTF8(hostname), ADDRESS, strings.quoteAsUTF8(address), PORT,
                ascii(Integer.toString(port)), PARTIAL);
    }

    /** The source object of a holder at {@code address}:{@code port}. */
    public static SourceBytes of(String hostname, String address, int port) {
        return new SourceBytes(hostname, address, port);
    }

    /** Whether this still encodes {@code peer} (its hostname is its cell's, which never changes). */
    boolean encodes(PeerEntry peer) {
        return port == peer.port() && address.equals(peer.address());
    }

    /** The bytes {@link #write} writes. */
    public int length(boolean partial) {
        return head.length + (partial ? TRUE_END : FALSE_END).length;
    }

    /** Writes the whole object into {@code into} from {@code at}; returns the index after it. */
    public int write(boolean partial, byte[] into, int at) {
        System.arraycopy(head, 0, into, at, head.length);
        byte[] end = partial ? TRUE_END : FALSE_END;
        System.arraycopy(end, 0, into, at + head.length, end.length);
        return at + head.length + end.length;
    }

    Source source(boolean partial) {
        return new Source(hostname, address, port, partial);
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
