package io.peershare.tracker.dashboard;

import io.peershare.tracker.TrackerConfig;
import io.peershare.tracker.registry.Registry;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.concurrent.Semaphore;

/**
 * The dashboard's live side: one snapshot a second shared by every watching browser (so 32 watchers cost what one
 * does), and the slots that bound how many watch at once.
 */
@ApplicationScoped
public class Dashboard {

    /** A snapshot younger than this is served again: the stream ticks once a second. */
    private static final long FRESH_NANOS = 900_000_000L;

    private final SwarmPicture picture;
    private final Semaphore streams;
    private final int maxStreams;
    private Snapshot last;
    private long lastNanos;

    public Dashboard(Registry registry, LiveTransfers transfers, Clock clock, TrackerConfig config) {
        TrackerConfig.Dashboard limits = config.dashboard();
        this.picture = new SwarmPicture(registry, transfers, clock,
                new SwarmPicture.Limits(limits.maxSwarms(), limits.maxFetchers(), limits.maxSeeds(), limits.maxFlows()));
        this.maxStreams = limits.maxStreams();
        this.streams = new Semaphore(maxStreams);
    }

    /** The current snapshot, made at most about once a second whoever asks. */
    public synchronized Snapshot snapshot() {
        long now = System.nanoTime();
        if (last == null || now - lastNanos > FRESH_NANOS) {
            last = picture.snapshot();
            lastNanos = now;
        }
        return last;
    }

    /** Takes a stream slot, or fails with 503 when every one is taken; the caller releases it when its stream ends. */
    public void openStream() {
        if (!streams.tryAcquire()) {
            throw new DashboardBusyException("the dashboard already streams to " + maxStreams + " browsers "
                    + "(tracker.dashboard.max-streams); close one, or retry in a moment");
        }
    }

    public void closeStream() {
        streams.release();
    }
}
