package io.peershare.tracker.dashboard;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last round-trip time the tracker measured to each peer (a PING at registration or by {@code ping}), for the
 * dashboard. Bounded like the registry: the least recently measured peer goes first; a peer never probed has none.
 */
@ApplicationScoped
public class RoundTrips {

    /** tracker.max-peers' default: one entry per peer the registry can hold. */
    static final int MAX_PEERS = 100_000;

    private final int maxPeers;
    private final LinkedHashMap<String, Double> millis;

    public RoundTrips() {
        this(MAX_PEERS);
    }

    RoundTrips(int maxPeers) {
        this.maxPeers = maxPeers;
        this.millis = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Double> eldest) {
                return size() > RoundTrips.this.maxPeers;
            }
        };
    }

    public synchronized void measured(String hostname, long nanos) {
        millis.remove(hostname); // re-inserted at the end: the newest measurement is the last to go
        millis.put(hostname, Math.round(nanos / 10_000.0) / 100.0);
    }

    public synchronized Optional<Double> millis(String hostname) {
        return Optional.ofNullable(millis.get(hostname));
    }
}
