package io.peershare.tracker.dashboard;

import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.Flow;
import io.peershare.protocol.api.Source;
import io.peershare.protocol.api.Transfer;
import io.peershare.tracker.registry.FileCounts;
import io.peershare.tracker.registry.PeerCounts;
import io.peershare.tracker.registry.Registry;
import io.peershare.tracker.registry.RegistryException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the live transfer reports and the registry into one {@link Snapshot}: reports grouped into swarms by
 * content (sha256, else name), the registry's complete holders of each content as its seeds, and every list cut
 * to its limit, most active first. Its cost grows with the reports kept (bounded by {@link LiveTransfers}) and
 * the swarms shown (one sources lookup each), never with the number of peers registered.
 */
public final class SwarmPicture {

    /** How much one snapshot shows (tracker.dashboard.*). */
    public record Limits(int swarms, int fetchers, int seeds, int flows) {
    }

    private static final Set<String> ENDED = Set.of("DONE", "ALREADY_PRESENT", "FAILED");
    /** Running fetches first, then the fastest, then by name: a stable order, so rows do not jump between seconds. */
    private static final Comparator<Snapshot.Fetcher> FETCHER_ORDER = Comparator
            .comparing((Snapshot.Fetcher f) -> ENDED.contains(f.state()))
            .thenComparing(Comparator.comparingLong(Snapshot.Fetcher::bytesPerSecond).reversed())
            .thenComparing(Snapshot.Fetcher::hostname).thenComparing(Snapshot.Fetcher::id);

    private final Registry registry;
    private final LiveTransfers transfers;
    private final Clock clock;
    private final Limits limits;

    public SwarmPicture(Registry registry, LiveTransfers transfers, Clock clock, Limits limits) {
        this.registry = registry;
        this.transfers = transfers;
        this.clock = clock;
        this.limits = limits;
    }

    public Snapshot snapshot() {
        Map<String, List<LiveTransfers.Reported>> byContent = new LinkedHashMap<>();
        int running = 0;
        long total = 0;
        for (LiveTransfers.Reported reported : transfers.current()) {
            Transfer t = reported.transfer();
            byContent.computeIfAbsent(t.sha256() != null ? t.sha256() : t.name(), key -> new ArrayList<>()).add(reported);
            running += ENDED.contains(t.state()) ? 0 : 1;
            total += rate(t);
        }
        List<Map.Entry<String, List<LiveTransfers.Reported>>> ranked = new ArrayList<>(byContent.entrySet());
        ranked.sort(Comparator.comparingLong((Map.Entry<String, List<LiveTransfers.Reported>> e) -> activity(e.getValue()))
                .reversed().thenComparing(Map.Entry::getKey));
        List<Snapshot.Swarm> swarms = ranked.stream().limit(limits.swarms()).map(e -> swarm(e.getKey(), e.getValue())).toList();
        PeerCounts peers = registry.counts();
        FileCounts files = registry.fileCounts();
        Snapshot.Summary summary = new Snapshot.Summary(peers.peers(), peers.live(), files.names(), running, total,
                transfers.reporters());
        return new Snapshot(clock.instant(), summary, swarms, ranked.size() - swarms.size());
    }

    /** Bytes per second first; a swarm whose fetchers just started (no bytes yet) still beats an idle one. */
    private static long activity(List<LiveTransfers.Reported> fetches) {
        long rate = fetches.stream().mapToLong(r -> rate(r.transfer())).sum();
        long runningFetches = fetches.stream().filter(r -> !ENDED.contains(r.transfer().state())).count();
        return rate * 1024 + runningFetches;
    }

    private Snapshot.Swarm swarm(String key, List<LiveTransfers.Reported> fetches) {
        Transfer first = fetches.getFirst().transfer();
        List<Snapshot.Fetcher> fetchers = new ArrayList<>(fetches.size());
        Map<String, Long> edges = new LinkedHashMap<>();
        int pieces = -1;
        long rate = 0;
        for (LiveTransfers.Reported reported : fetches) {
            Transfer t = reported.transfer();
            fetchers.add(fetcher(reported.fetcher(), t));
            pieces = Math.max(pieces, t.pieces());
            rate += rate(t);
            for (Flow flow : t.flows()) {
                edges.merge(flow.source() + "->" + reported.fetcher(), flow.bytesPerSecond(), Long::sum);
            }
        }
        fetchers.sort(FETCHER_ORDER);
        List<Snapshot.Fetcher> shown = fetchers.subList(0, Math.min(limits.fetchers(), fetchers.size()));
        Set<String> fetcherNames = new HashSet<>();
        fetches.forEach(r -> fetcherNames.add(r.fetcher()));
        Seeds seeds = seeds(first.name(), first.sha256(), fetcherNames);
        List<Snapshot.Edge> flows = edges(edges);
        return new Snapshot.Swarm(key, first.name(), first.sha256(), pieces, rate, List.copyOf(shown),
                fetchers.size() - shown.size(), seeds.listed(), seeds.more(), flows, edges.size() - flows.size());
    }

    private static Snapshot.Fetcher fetcher(String hostname, Transfer t) {
        String cells = t.held() == null ? null : PieceCells.of(t.held(), t.pieces());
        return new Snapshot.Fetcher(hostname, t.id(), t.state(), t.pieces(), t.piecesHeld(), t.bytesHeld(), t.size(),
                rate(t), cells);
    }

    private List<Snapshot.Edge> edges(Map<String, Long> rates) {
        return rates.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry::getKey))
                .limit(limits.flows())
                .map(e -> {
                    int arrow = e.getKey().indexOf("->");
                    return new Snapshot.Edge(e.getKey().substring(0, arrow), e.getKey().substring(arrow + 2), e.getValue());
                })
                .toList();
    }

    private record Seeds(List<String> listed, int more) {
    }

    /**
     * A sample of the registry's complete holders (its first content when the hash is unknown yet), leaving out
     * the swarm's own fetchers: one that finished and re-announced is shown as a fetcher until its report expires.
     */
    private Seeds seeds(String name, String sha256, Set<String> fetchers) {
        FileSources content;
        try {
            List<FileSources> found = registry.sources(name, sha256, Math.min(200, 2 * limits.seeds()));
            if (found.isEmpty()) {
                return new Seeds(List.of(), 0);
            }
            content = found.getFirst();
        } catch (RegistryException e) {
            return new Seeds(List.of(), 0); // nobody holds it yet, or the shared store did not answer this second
        }
        List<String> listed = new ArrayList<>();
        int fetchersAmongThem = 0;
        for (Source source : content.sources()) {
            if (source.partial()) {
                continue;
            }
            if (fetchers.contains(source.hostname())) {
                fetchersAmongThem++;
            } else if (listed.size() < limits.seeds()) {
                listed.add(source.hostname());
            }
        }
        listed.sort(null);
        return new Seeds(List.copyOf(listed), Math.max(0, content.completeSources() - fetchersAmongThem - listed.size()));
    }

    private static long rate(Transfer t) {
        return t.flows().stream().mapToLong(Flow::bytesPerSecond).sum();
    }
}
