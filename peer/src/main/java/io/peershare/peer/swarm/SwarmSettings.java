package io.peershare.peer.swarm;

import java.time.Duration;

/**
 * How a swarm fetch treats its sources (docs/architecture.md, "Configuration"): connect deadline; a source
 * silent for {@code stallTimeout} is dropped; one answer (a piece) may take at most {@code pieceTimeout};
 * a fetch with no verified piece for {@code idleTimeout} gives up (keeping its pieces for a resume); the
 * tracker is asked for new sources every {@code sourcesRefresh}; at most {@code maxSources} sources at once.
 */
public record SwarmSettings(Duration connectTimeout, Duration stallTimeout, Duration pieceTimeout, Duration idleTimeout,
                            Duration sourcesRefresh, int maxSources, String agent) {

    /** How often a partial source is asked for the pieces it gained (HAVE). */
    static final Duration HAVE_POLL = Duration.ofMillis(150);

    public SwarmSettings {
        for (Duration d : new Duration[] {connectTimeout, stallTimeout, pieceTimeout, idleTimeout, sourcesRefresh}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("swarm timeouts must be positive, got " + d);
            }
        }
        if (maxSources < 1) {
            throw new IllegalArgumentException("peer.max-sources-per-fetch must be at least 1, got " + maxSources);
        }
    }

    int connectTimeoutMillis() {
        return (int) Math.max(1, connectTimeout.toMillis());
    }

    int stallTimeoutMillis() {
        return (int) Math.max(1, stallTimeout.toMillis());
    }

    long havePollNanos() {
        return HAVE_POLL.toNanos();
    }
}
