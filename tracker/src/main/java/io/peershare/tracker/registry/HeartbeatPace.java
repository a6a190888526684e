package io.peershare.tracker.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How often the tracker asks peers to heartbeat, and the TTL that follows (docs/architecture.md, "Heartbeat pace").
 * The interval is {@code max(tracker.heartbeat-interval, live peers ÷ tracker.heartbeat-budget)}, rounded up to
 * whole seconds so it does not move with every peer that comes or goes. The TTL keeps the configured TTL ÷
 * interval ratio, applied to the largest interval a peer may still be keeping: the current one, or a larger one
 * advertised until lately (a peer hears a shorter interval only at its next heartbeat, which the larger interval
 * allowed, late by the ratio's tolerance). So a peer is never expired because the interval grew or shrank.
 *
 * <p>The registry recounts its live peers at most once per {@link #RECOUNT} ({@link #recountDue}) and tells the
 * pace ({@link #observe}); reads are lock-free from an immutable state.
 */
public final class HeartbeatPace {

    /**
     * {@code tracker.heartbeat-budget} when not set: about a fifth of the heartbeats/s each store absorbed at
     * 100,000 peers on our 2 cores with wrk beside it (memory 23,600/s; Redis 5,900/s with Redis on the same
     * cores: bench/README.md), so heartbeats leave most of the machine to announces, reads and the collector.
     */
    public static long defaultBudget(boolean redisStore) {
        return redisStore ? 2000 : 5000;
    }

    /** How often the live peers are counted again (a count walks every peer: not once per heartbeat). */
    static final Duration RECOUNT = Duration.ofSeconds(1);
    /** Most larger intervals remembered; one more merges the two oldest (keeping the larger, later: never shorter). */
    static final int MAX_HELD = 32;

    /** An interval advertised until {@code until} (exclusive of the current one). */
    private record Held(long intervalMillis, long until) {
    }

    /**
     * Immutable: the current interval, the larger ones advertised lately (decreasing interval, increasing until),
     * the TTL they make, and a version bumped when either changes.
     */
    private record State(long intervalMillis, List<Held> held, long ttlMillis, long version) {
    }

    private final long baseMillis;
    private final long baseTtlMillis;
    private final long budget;
    private final AtomicLong nextCount = new AtomicLong(Long.MIN_VALUE);
    private volatile State state;

    /**
     * {@code budget}: most heartbeats per second asked of the whole population ({@code Long.MAX_VALUE}: no limit,
     * the interval stays {@code interval}).
     */
    public HeartbeatPace(Duration interval, Duration ttl, long budget) {
        if (interval.toMillis() <= 0 || ttl.toMillis() <= 0 || budget <= 0) {
            throw new IllegalArgumentException("tracker.heartbeat-interval, tracker.peer-ttl and "
                    + "tracker.heartbeat-budget must be positive; fix the tracker's configuration");
        }
        this.baseMillis = interval.toMillis();
        this.baseTtlMillis = ttl.toMillis();
        this.budget = budget;
        this.state = new State(baseMillis, List.of(), baseTtlMillis, 0);
    }

    /** The configured interval and TTL, whatever the population (tests, and trackers without a budget). */
    public static HeartbeatPace fixed(Duration interval, Duration ttl) {
        return new HeartbeatPace(interval, ttl, Long.MAX_VALUE);
    }

    /** The interval asked of {@code live} peers: the configured one, or longer so they send at most the budget. */
    public long intervalMillisFor(long live) {
        long wanted = budget == Long.MAX_VALUE ? 0 : Math.ceilDiv(Math.multiplyExact(Math.max(0, live), 1000L), budget);
        return Math.max(baseMillis, Math.ceilDiv(wanted, 1000L) * 1000L);
    }

    /** The interval told to peers now. */
    public Duration interval() {
        return Duration.ofMillis(state.intervalMillis);
    }

    /**
     * The TTL applied now: the ratio times the largest interval a peer may still keep, as of the last count (it
     * shrinks only at a count, so at most {@link #RECOUNT} late: later is longer, never too short).
     */
    public Duration ttl() {
        return Duration.ofMillis(state.ttlMillis);
    }

    /** Changes with every change of the interval or the TTL (a kept count of live holders is stale after one). */
    public long version() {
        return state.version;
    }

    /** True for one caller per {@link #RECOUNT}: that caller counts the live peers and calls {@link #observe}. */
    public boolean recountDue(Instant now) {
        long next = nextCount.get();
        return now.toEpochMilli() >= next && nextCount.compareAndSet(next, now.toEpochMilli() + RECOUNT.toMillis());
    }

    /** {@code live} peers were counted at {@code now}: the interval follows. */
    public synchronized void observe(long live, Instant now) {
        State s = state;
        long interval = intervalMillisFor(live);
        long at = now.toEpochMilli();
        List<Held> held = new ArrayList<>(s.held.size() + 1);
        for (Held h : s.held) {
            if (!expired(h, at) && h.intervalMillis > interval) {
                held.add(h);
            }
        }
        if (interval < s.intervalMillis) {
            held.add(new Held(s.intervalMillis, at)); // peers told the longer one may still keep it
        }
        if (held.size() > MAX_HELD) {
            held.set(1, new Held(held.get(0).intervalMillis, held.get(1).until));
            held.remove(0);
        }
        long ttl = ttlFor(held.isEmpty() ? interval : held.get(0).intervalMillis);
        boolean changed = interval != s.intervalMillis || ttl != s.ttlMillis;
        state = new State(interval, List.copyOf(held), ttl, changed ? s.version + 1 : s.version);
    }

    private long ttlFor(long intervalMillis) {
        return Math.multiplyExact(intervalMillis, baseTtlMillis) / baseMillis;
    }

    /** Past its TTL after it was last advertised: every peer told it has heartbeat since, or is silent anyway. */
    private boolean expired(Held held, long nowMillis) {
        return nowMillis > held.until + ttlFor(held.intervalMillis);
    }
}
