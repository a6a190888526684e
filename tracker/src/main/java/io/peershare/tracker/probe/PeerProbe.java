package io.peershare.tracker.probe;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.wire.FileInfo;
import io.peershare.protocol.wire.WireClient;
import io.peershare.tracker.TrackerConfig;
import io.peershare.tracker.metrics.TrackerMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Talks to a peer's file server over the wire protocol: connect within {@code tracker.probe.connect-timeout},
 * HELLO, then PING or LIST, each answer within {@code tracker.probe.read-timeout}, and the whole exchange within
 * {@code tracker.probe.deadline}. One short connection per call.
 *
 * <p>Every outbound exchange of the tracker goes through {@link #ping} or {@link #list}, and each takes one of
 * {@code tracker.probe.max-concurrent} slots for its duration: with none free it throws
 * {@link ProbeBusyException} at once (the REST layer answers 503 with Retry-After). Registration's reachability
 * check, ping and discover all share this one bound.
 */
@ApplicationScoped
public class PeerProbe {

    static final String AGENT = "peershare-tracker/0.1";

    /** A live LIST as discover shows it: at most the bounded number of files, and the peer's own total. */
    public record Listing(List<FileEntry> files, boolean truncated, long total) {
    }

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration deadline;
    private final ProbeSlots slots;
    private final int maxFiles;
    private final long maxNameBytes;
    private final TrackerMetrics metrics;

    @Inject
    public PeerProbe(TrackerConfig config, TrackerMetrics metrics) {
        this(config.probe().connectTimeout(), config.probe().readTimeout(), config.probe().deadline(),
                config.probe().maxConcurrent(), config.probe().maxDiscoverFiles(), config.probe().maxDiscoverNameBytes(),
                metrics);
    }

    /** Tests: the whole exchange gets connect + read timeout, 16 slots, 10 000 files. */
    PeerProbe(Duration connectTimeout, Duration readTimeout) {
        this(connectTimeout, readTimeout, connectTimeout.plus(readTimeout), 16, 10_000, 1 << 20);
    }

    PeerProbe(Duration connectTimeout, Duration readTimeout, Duration deadline, int maxConcurrent, int maxFiles,
              long maxNameBytes) {
        this(connectTimeout, readTimeout, deadline, maxConcurrent, maxFiles, maxNameBytes, TrackerMetrics.none());
    }

    PeerProbe(Duration connectTimeout, Duration readTimeout, Duration deadline, int maxConcurrent, int maxFiles,
              long maxNameBytes, TrackerMetrics metrics) {
        this.metrics = metrics;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.deadline = deadline;
        this.slots = new ProbeSlots(maxConcurrent, (deadline.toMillis() + 999) / 1000);
        this.maxFiles = maxFiles;
        this.maxNameBytes = maxNameBytes;
    }

    /** Round-trip time of one PING, in nanoseconds (the handshake is not counted). */
    public long ping(String address, int port) throws IOException {
        return counted(TrackerMetrics.Probe.PING, () -> {
            try (WireClient client = connect(address, port)) {
                return client.ping();
            }
        });
    }

    /** The files the peer serves right now, as it lists them, bounded in count and in name bytes. */
    public Listing list(String address, int port) throws IOException {
        WireClient.Listing listed = counted(TrackerMetrics.Probe.LIST, () -> {
            try (WireClient client = connect(address, port)) {
                return client.list(maxFiles);
            }
        });
        List<FileEntry> files = new ArrayList<>(listed.files().size());
        long nameBytes = 0; // the rest of an entry is fixed-size (hash, size), so names are what varies
        for (FileInfo info : listed.files()) {
            nameBytes += info.name().getBytes(StandardCharsets.UTF_8).length;
            if (nameBytes > maxNameBytes) {
                break;
            }
            files.add(new FileEntry(info.name(), info.size(), info.sha256().hex()));
        }
        return new Listing(files, listed.total() > files.size(), Math.max(listed.total(), files.size()));
    }

    /** Runs {@code probe} in a slot, counting how it ended. */
    private <T> T counted(TrackerMetrics.Probe kind, ProbeSlots.Probe<T> probe) throws IOException {
        try {
            T answer = slots.run(probe);
            metrics.probed(kind);
            return answer;
        } catch (ProbeBusyException e) {
            metrics.probeBusy(kind);
            throw e;
        } catch (IOException e) {
            metrics.probeFailed(kind, e);
            throw e;
        }
    }

    /** Probe slots free right now (tests). */
    int freeSlots() {
        return slots.available();
    }

    private WireClient connect(String address, int port) throws IOException {
        return WireClient.connect(address, port, connectTimeout, readTimeout, deadline, AGENT);
    }

    /** A short lowercase reason for a user, e.g. "connection refused" or "connect timed out". */
    public static String describe(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof UnknownHostException) {
            return "unknown host " + message;
        }
        if (e instanceof SocketTimeoutException && message.contains("deadline")) {
            return message; // "deadline of 5000 ms for the whole exchange passed"
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
