package io.peershare.tracker.probe;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.wire.WireClient;
import io.peershare.tracker.TrackerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * Talks to a peer's file server over the wire protocol: connect within {@code tracker.probe.connect-timeout},
 * HELLO, then PING or LIST, each answer within {@code tracker.probe.read-timeout}. One short connection per call.
 */
@ApplicationScoped
public class PeerProbe {

    static final String AGENT = "peershare-tracker/0.1";

    private final Duration connectTimeout;
    private final Duration readTimeout;

    @Inject
    public PeerProbe(TrackerConfig config) {
        this(config.probe().connectTimeout(), config.probe().readTimeout());
    }

    PeerProbe(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /** Round-trip time of one PING, in nanoseconds (the handshake is not counted). */
    public long ping(String address, int port) throws IOException {
        try (WireClient client = connect(address, port)) {
            return client.ping();
        }
    }

    /** The files the peer serves right now, as it lists them. */
    public List<FileEntry> list(String address, int port) throws IOException {
        try (WireClient client = connect(address, port)) {
            return client.list().stream()
                    .map(info -> new FileEntry(info.name(), info.size(), info.sha256().hex()))
                    .toList();
        }
    }

    private WireClient connect(String address, int port) throws IOException {
        return WireClient.connect(address, port, connectTimeout, readTimeout, AGENT);
    }

    /** A short lowercase reason for a user, e.g. "connection refused" or "connect timed out". */
    public static String describe(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof UnknownHostException) {
            return "unknown host " + message;
        }
        if (e instanceof SocketTimeoutException) {
            return message.toLowerCase(java.util.Locale.ROOT).contains("connect") ? "connect timed out" : "read timed out";
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return message.isEmpty() ? "connection refused" : lowerFirst(message);
        }
        return message.isEmpty() ? e.getClass().getSimpleName() : lowerFirst(message);
    }

    private static String lowerFirst(String text) {
        return Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
