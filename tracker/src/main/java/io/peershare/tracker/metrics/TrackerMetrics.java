package io.peershare.tracker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.peershare.tracker.probe.ProbeBusyException;
import io.peershare.tracker.registry.RegistryException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The tracker's counters (docs/metrics.md): probes by kind and result, registrations by outcome. Tags come from
 * small fixed sets (an enum's names, a handful of results), never from a hostname or an address, so the number
 * of series stays bounded whatever the peers send. The registry's sizes are {@link RegistryGauges}.
 */
@Singleton
public class TrackerMetrics {

    /** What a probe asked the peer. */
    public enum Probe { PING, LIST }

    static final String PROBES = "peershare.tracker.probes";
    static final String REGISTRATIONS = "peershare.tracker.registrations";

    private final MeterRegistry registry;

    public TrackerMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Probe kind : Probe.values()) {
            probes(kind, "ok"); // present at 0 before the first probe, so a rate has a start
        }
        registrations("registered");
    }

    /** Counters that go nowhere: for code run without a registry (tests). */
    public static TrackerMetrics none() {
        return new TrackerMetrics(new CompositeMeterRegistry());
    }

    /** A probe answered. */
    public void probed(Probe kind) {
        probes(kind, "ok").increment();
    }

    /** A probe failed with {@code failure} (a refused connection, a timeout, ...). */
    public void probeFailed(Probe kind, IOException failure) {
        probes(kind, result(failure)).increment();
    }

    /** A probe found no free probe slot. */
    public void probeBusy(Probe kind) {
        probes(kind, "busy").increment();
    }

    /** A peer registered. */
    public void registered() {
        registrations("registered").increment();
    }

    /** A registration was refused by {@code failure}: its problem kind, busy (no probe slot), or error. */
    public void registrationRefused(RuntimeException failure) {
        String outcome = switch (failure) {
            // The problem type of the answer (docs/api.md): bad-signature, unreachable, ...
            case RegistryException e -> e.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
            case ProbeBusyException e -> "busy";
            default -> "error";
        };
        registrations(outcome).increment();
    }

    static String result(IOException failure) {
        return switch (failure) {
            case UnknownHostException e -> "unknown-host";
            case SocketTimeoutException e -> "timeout";
            case ConnectException e -> "refused";
            case NoRouteToHostException e -> "refused";
            default -> "failed";
        };
    }

    private Counter probes(Probe kind, String result) {
        return Counter.builder(PROBES).description("Wire probes of peers (registration's reachability PING, ping, "
                        + "discover's LIST) by what they asked and how they ended")
                .tag("kind", kind.name().toLowerCase(Locale.ROOT)).tag("result", result).register(registry);
    }

    private Counter registrations(String outcome) {
        return Counter.builder(REGISTRATIONS).description("Registrations by outcome: registered, or the problem that "
                + "refused them").tag("outcome", outcome).register(registry);
    }
}
