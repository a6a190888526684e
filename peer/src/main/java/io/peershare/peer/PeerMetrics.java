package io.peershare.peer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.peershare.peer.fetch.FetchState;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The peer's meters (docs/metrics.md), the one class that knows Micrometer: the file server, the swarm and the
 * fetcher call its methods, each a counter increment (once per piece or per sendfile chunk, never per byte) or a
 * gauge the scrape reads. Served on the metrics port, never on the control API.
 */
public final class PeerMetrics {

    /** Buckets of the fetch duration histogram: a small file on a LAN to a large one over a slow link. */
    private static final Duration[] FETCH_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10)};

    private final MeterRegistry registry;
    private final Counter served;
    private final Counter received;
    private final Counter rejected;
    private final Counter banned;
    private final AtomicInteger fetches = new AtomicInteger();
    private final Map<FetchState, Timer> durations = new EnumMap<>(FetchState.class);
    /** The file server's counts, read at each scrape; the server sets them when it starts (a restart replaces them). */
    private volatile IntSupplier uploads = () -> 0;
    private volatile IntSupplier connections = () -> 0;

    public PeerMetrics(MeterRegistry registry) {
        this.registry = registry;
        served = Counter.builder("peershare.peer.served").baseUnit("bytes")
                .description("File bytes sent to other peers in answer to GET (the DATA payload)").register(registry);
        received = Counter.builder("peershare.peer.received").baseUnit("bytes")
                .description("Piece bytes received from sources while fetching, duplicates and rejected pieces included")
                .register(registry);
        rejected = Counter.builder("peershare.peer.pieces.rejected")
                .description("Pieces received that failed their SHA-256 check").register(registry);
        banned = Counter.builder("peershare.peer.sources.banned")
                .description("Sources banned for a file (a corrupt piece, a lying manifest)").register(registry);
        Gauge.builder("peershare.peer.uploads.running", () -> uploads.getAsInt()).strongReference(true)
                .description("Uploads being sent now (GETs holding an upload slot)").register(registry);
        Gauge.builder("peershare.peer.connections.open", () -> connections.getAsInt()).strongReference(true)
                .description("Wire connections open now, waiting for a request or being served").register(registry);
        Gauge.builder("peershare.peer.fetches.running", fetches, AtomicInteger::get)
                .description("Fetches running now (not those waiting for a fetch slot)").register(registry);
        for (FetchState state : FetchState.values()) {
            if (state.finished()) {
                durations.put(state, Timer.builder("peershare.peer.fetch.duration")
                        .description("Time from a fetch's start to its end, by how it ended")
                        .tag("outcome", state.name().toLowerCase(java.util.Locale.ROOT))
                        .serviceLevelObjectives(FETCH_BUCKETS).register(registry));
            }
        }
    }

    /** Meters that go nowhere: for code run without a registry (tests, benchmarks). */
    public static PeerMetrics none() {
        return new PeerMetrics(new CompositeMeterRegistry());
    }

    /**
     * The info series {@code peershare_peer_info{hostname=...} 1}: a scraper that knows the peer by its address
     * (Prometheus' DNS discovery) joins it on {@code instance} to name the peer.
     */
    public PeerMetrics identify(String hostname) {
        Gauge.builder("peershare.peer.info", () -> 1).tag("hostname", hostname).strongReference(true)
                .description("Always 1; its hostname tag names this peer").register(registry);
        return this;
    }

    /** {@code bytes} more file bytes went to a client. */
    public void served(long bytes) {
        served.increment(bytes);
    }

    /** A piece of {@code bytes} arrived from a source. */
    public void received(long bytes) {
        received.increment(bytes);
    }

    public void pieceRejected() {
        rejected.increment();
    }

    public void sourceBanned() {
        banned.increment();
    }

    /** The file server's live counts, read at each scrape. */
    public void watchServer(IntSupplier uploadsRunning, IntSupplier connectionsOpen) {
        this.uploads = uploadsRunning;
        this.connections = connectionsOpen;
    }

    public void fetchStarted() {
        fetches.incrementAndGet();
    }

    /** A fetch begun {@code nanos} ago ended in {@code state} (one of the final states). */
    public void fetchEnded(FetchState state, long nanos) {
        fetches.decrementAndGet();
        Timer timer = durations.get(state);
        if (timer != null) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
