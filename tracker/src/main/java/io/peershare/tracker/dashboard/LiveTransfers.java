package io.peershare.tracker.dashboard;

import io.peershare.protocol.api.Transfer;
import io.peershare.protocol.api.TransferReport;
import io.peershare.tracker.TrackerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest transfer report of each peer, for the dashboard only: nothing in the registry depends on it. Bounded
 * by peers (a report from one more drops the oldest) and by time (a report is forgotten {@code reportTtl} after it
 * arrived, so a finished fetch stays visible about that long and a peer that stopped reporting disappears).
 * Memory of this tracker alone: with replicated trackers each knows the reports that reached it (docs/dashboard.md).
 */
@ApplicationScoped
public class LiveTransfers {

    /** One fetch as reported, with who reported it. */
    public record Reported(String fetcher, Transfer transfer) {
    }

    private record Arrival(TransferReport report, Instant at) {
    }

    private final Clock clock;
    private final Duration ttl;
    private final int maxReporters;
    /** In arrival order (a new report moves its peer to the end), so the first entry is the oldest. */
    private final LinkedHashMap<String, Arrival> latest = new LinkedHashMap<>();

    @Inject
    public LiveTransfers(Clock clock, TrackerConfig config) {
        this(clock, config.dashboard().reportTtl(), config.dashboard().maxReporters());
    }

    public LiveTransfers(Clock clock, Duration ttl, int maxReporters) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxReporters = maxReporters;
    }

    /** Keeps {@code report} (already validated) as the peer's latest; an empty one forgets the peer. */
    public synchronized void record(String hostname, TransferReport report) {
        latest.remove(hostname);
        if (report.transfers().isEmpty()) {
            return;
        }
        latest.put(hostname, new Arrival(report, clock.instant()));
        while (latest.size() > maxReporters) {
            Iterator<String> oldest = latest.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** The peer left (unregistered): its fetches stop being shown at once. */
    public synchronized void forget(String hostname) {
        latest.remove(hostname);
    }

    /** Every fetch of every report younger than the TTL, oldest report first; expired ones are dropped on the way. */
    public synchronized List<Reported> current() {
        dropExpired();
        List<Reported> all = new ArrayList<>();
        for (Map.Entry<String, Arrival> entry : latest.entrySet()) {
            for (Transfer transfer : entry.getValue().report().transfers()) {
                all.add(new Reported(entry.getKey(), transfer));
            }
        }
        return all;
    }

    /** Peers whose report is still shown. */
    public synchronized int reporters() {
        dropExpired();
        return latest.size();
    }

    /** Arrival order is age order, so expiry stops at the first young report. */
    private void dropExpired() {
        Instant oldestKept = clock.instant().minus(ttl);
        Iterator<Arrival> arrivals = latest.values().iterator();
        while (arrivals.hasNext()) {
            if (!arrivals.next().at().isBefore(oldestKept)) {
                return;
            }
            arrivals.remove();
        }
    }
}
