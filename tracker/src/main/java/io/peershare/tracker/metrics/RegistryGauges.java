package io.peershare.tracker.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.peershare.tracker.registry.Registry;
import io.peershare.tracker.registry.redis.RedisRegistry;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.ToDoubleFunction;

/**
 * The registry's size as gauges (docs/metrics.md), bound by Quarkus at startup and read at each scrape. Counting
 * the live peers walks the peers without allocating, as readiness does every 2 s behind the balancer; a scrape
 * every few seconds costs no more. The file counts are two sizes.
 */
@Singleton
public class RegistryGauges implements MeterBinder {

    private final Registry registry;

    public RegistryGauges(Registry registry) {
        this.registry = registry;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        gauge(meters, "peershare.tracker.peers", "Peers registered (live or silent, until they expire)",
                r -> r.counts().peers());
        gauge(meters, "peershare.tracker.peers.live", "Peers heard from within the TTL", r -> r.counts().live());
        gauge(meters, "peershare.tracker.file.names", "Distinct file names the peers share", r -> r.fileCounts().names());
        gauge(meters, "peershare.tracker.announcements",
                "Distinct announcements (name, size, sha256, manifest, complete or partial) the peers hold",
                r -> r.fileCounts().announcements());
        // Prometheus' DNS discovery knows a replica by its address: this series names it (join on instance).
        Gauge.builder("peershare.tracker.info", () -> 1).tag("hostname", hostname())
                .tag("store", registry instanceof RedisRegistry ? "redis" : "memory").strongReference(true)
                .description("Always 1; its tags name this tracker and its registry store").register(meters);
    }

    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private void gauge(MeterRegistry meters, String name, String description, ToDoubleFunction<Registry> value) {
        Gauge.builder(name, registry, value).description(description).strongReference(true).register(meters);
    }
}
