package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.FileSummary;
import io.peershare.protocol.api.PeerView;
import io.peershare.protocol.api.RegisterRequest;
import io.peershare.protocol.api.RegisterResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The registry in memory. Each peer is an immutable {@link PeerEntry} in a {@link PeerTable} (a concurrent
 * map that keeps the name index in step); every change is one atomic {@code compute} on that peer's key, so concurrent calls about one peer are
 * serialized without a global lock and calls about different peers never wait for each other.
 */
public final class InMemoryRegistry implements Registry {

    /** tracker.max-peers' default. */
    public static final int DEFAULT_MAX_PEERS = 100_000;

    private final PeerTable peers;
    private final Clock clock;
    /** The interval told to peers and the TTL applied, both following the live peers (budget: the pace's). */
    private final HeartbeatPace pace;
    private final Duration expiry;
    private final int maxFilesPerPeer;
    private final SourceSample sample;
    private final int maxPeers;
    /** Peers held, kept exact inside the per-key computes that add and remove them (size() is only an estimate). */
    private final AtomicInteger count = new AtomicInteger();
    private final ViewUpdates updates;

    public InMemoryRegistry(Clock clock, Duration heartbeatInterval, Duration ttl, Duration expiry, int maxFilesPerPeer) {
        this(clock, heartbeatInterval, ttl, expiry, maxFilesPerPeer, DEFAULT_MAX_PEERS);
    }

    public InMemoryRegistry(Clock clock, Duration heartbeatInterval, Duration ttl, Duration expiry, int maxFilesPerPeer,
                            int maxPeers) {
        this(clock, HeartbeatPace.fixed(heartbeatInterval, ttl), expiry, maxFilesPerPeer, new SourceSample(), maxPeers);
    }

    /** With the given sampling of sources (tests: a seeded one). */
    InMemoryRegistry(Clock clock, Duration heartbeatInterval, Duration ttl, Duration expiry, int maxFilesPerPeer,
                     SourceSample sample) {
        this(clock, HeartbeatPace.fixed(heartbeatInterval, ttl), expiry, maxFilesPerPeer, sample, DEFAULT_MAX_PEERS);
    }

    /** The interval and TTL from {@code pace} (tracker.heartbeat-budget); the Redis store's views share one. */
    public InMemoryRegistry(Clock clock, HeartbeatPace pace, Duration expiry, int maxFilesPerPeer, int maxPeers) {
        this(clock, pace, expiry, maxFilesPerPeer, new SourceSample(), maxPeers);
    }

    InMemoryRegistry(Clock clock, HeartbeatPace pace, Duration expiry, int maxFilesPerPeer, SourceSample sample,
                     int maxPeers) {
        this.maxPeers = maxPeers;
        this.peers = new PeerTable(pace);
        this.clock = clock;
        this.pace = pace;
        this.expiry = expiry;
        this.maxFilesPerPeer = maxFilesPerPeer;
        this.sample = sample;
        this.updates = new ViewUpdates(peers, count);
    }

    @Override
    public void checkRegistrable(RegisterRequest request) {
        RequestValidation.register(request);
        if (peers.get(request.hostname()) == null && count.get() >= maxPeers) {
            throw full();
        }
    }

    /**
     * The caller has proven that the request comes from the name's owner (its key, see {@link Registration}),
     * so a live holder is no obstacle: the owner restarted. Its token back (same token, new address, files
     * kept), or a new token and no files.
     */
    @Override
    public RegisterResponse register(RegisterRequest request) {
        RequestValidation.register(request);
        Instant now = clock.instant();
        PeerEntry entry = peers.compute(request.hostname(), (hostname, existing) -> {
            if (existing == null) {
                if (count.incrementAndGet() > maxPeers) {
                    count.decrementAndGet();
                    throw full();
                }
                return PeerEntry.fresh(hostname, request.address(), request.port(), Tokens.newToken(), now);
            }
            if (Tokens.matches(existing.token(), request.token())) {
                return existing.movedTo(request.address(), request.port(), now);
            }
            return PeerEntry.fresh(hostname, request.address(), request.port(), Tokens.newToken(), now);
        });
        return response(entry);
    }

    /** The answer to one registration too many (shared with the Redis store). */
    public static RegistryException full(int maxPeers) {
        return new RegistryException(RegistryException.Kind.FULL, "the tracker holds " + maxPeers + " peers, its limit "
                + "(tracker.max-peers); retry later, when silent peers have expired");
    }

    private RegistryException full() {
        return full(maxPeers);
    }

    @Override
    public RegisterResponse heartbeat(String hostname, String token) {
        Instant now = clock.instant();
        return response(update(hostname, token, entry -> entry.seenAt(now)));
    }

    @Override
    public void unregister(String hostname, String token) {
        requireToken(token);
        RequestValidation.hostname(hostname);
        boolean[] found = {false};
        peers.computeIfPresent(hostname, (key, entry) -> {
            authorize(entry, token);
            found[0] = true;
            count.decrementAndGet();
            return null;
        });
        if (!found[0]) {
            throw RegistryException.unknownPeer(hostname);
        }
    }

    @Override
    public void replaceFiles(String hostname, String token, List<FileEntry> files) {
        List<FileEntry> valid = RequestValidation.files(files, maxFilesPerPeer);
        Instant now = clock.instant();
        Map<String, FileEntry> byName = new LinkedHashMap<>();
        valid.forEach(file -> byName.put(file.name(), file));
        update(hostname, token, entry -> entry.withFiles(byName, now));
    }

    @Override
    public void addFiles(String hostname, String token, List<FileEntry> files) {
        List<FileEntry> valid = RequestValidation.files(files, maxFilesPerPeer);
        Instant now = clock.instant();
        update(hostname, token, entry -> {
            Map<String, FileEntry> merged = new LinkedHashMap<>(entry.files());
            valid.forEach(file -> merged.put(file.name(), file));
            if (merged.size() > maxFilesPerPeer) {
                throw RegistryException.invalid(hostname + " would hold " + merged.size()
                        + " files; the limit per peer is " + maxFilesPerPeer + "; withdraw some first");
            }
            return entry.withFiles(merged, now);
        });
    }

    @Override
    public void withdrawFile(String hostname, String token, String name) {
        RequestValidation.name(name);
        Instant now = clock.instant();
        update(hostname, token, entry -> {
            Map<String, FileEntry> remaining = new LinkedHashMap<>(entry.files());
            remaining.remove(name);
            return entry.withFiles(remaining, now);
        });
    }

    /** Applies {@code change} atomically to an owned peer entry; 401/403/404 rules first. */
    private PeerEntry update(String hostname, String token, UnaryOperator<PeerEntry> change) {
        requireToken(token);
        RequestValidation.hostname(hostname);
        PeerEntry updated = peers.computeIfPresent(hostname, (key, entry) -> {
            authorize(entry, token);
            return change.apply(entry);
        });
        if (updated == null) {
            throw RegistryException.unknownPeer(hostname);
        }
        return updated;
    }

    private static void requireToken(String token) {
        if (token == null || token.isBlank()) {
            throw RegistryException.missingToken();
        }
    }

    private static void authorize(PeerEntry entry, String token) {
        if (!Tokens.matches(entry.token(), token)) {
            throw RegistryException.wrongToken(entry.hostname());
        }
    }

    private RegisterResponse response(PeerEntry entry) {
        HeartbeatPace now = pace();
        return new RegisterResponse(entry.hostname(), entry.token(), now.interval().toMillis(), now.ttl().toMillis());
    }

    /** The pace, after counting the live peers when a count is due (one caller a second pays for the walk). */
    public HeartbeatPace pace() {
        Instant now = clock.instant();
        if (pace.recountDue(now)) {
            pace.observe(peers.live(now, pace.ttl()), now);
        }
        return pace;
    }

    /** The TTL applied now ({@link HeartbeatPace}). */
    private Duration ttl() {
        return pace().ttl();
    }

    @Override
    public PeerCounts counts() {
        Instant now = clock.instant();
        return new PeerCounts(peers.size(), peers.live(now, ttl()));
    }

    @Override
    public FileCounts fileCounts() {
        return new FileCounts(peers.names().size(), peers.announcements().size());
    }

    @Override
    public Page<PeerView> peers(String cursor, int limit) {
        String after = Cursor.peersAfter(cursor);
        PageSize.PEERS.check(limit);
        Instant now = clock.instant();
        Duration ttl = ttl();
        List<PeerView> views = new ArrayList<>(limit + 1);
        for (String hostname : peers.hostnamesAfter(after)) {
            PeerEntry entry = peers.get(hostname); // null: dropped since the walk began
            if (entry != null) {
                views.add(entry.view(now, ttl));
                if (views.size() > limit) {
                    break;
                }
            }
        }
        return Page.of(views, limit, view -> Cursor.peers(view.hostname()));
    }

    @Override
    public Optional<PeerView> peer(String hostname) {
        RequestValidation.hostname(hostname);
        return Optional.ofNullable(peers.get(hostname)).map(entry -> entry.view(clock.instant(), ttl()));
    }

    @Override
    public Optional<Page<FileEntry>> files(String hostname, String cursor, int limit) {
        RequestValidation.hostname(hostname);
        String after = Cursor.peerFilesAfter(cursor);
        PageSize.PEER_FILES.check(limit);
        return Optional.ofNullable(peers.get(hostname))
                .map(entry -> Page.of(entry.filesAfter(after, limit + 1), limit, file -> Cursor.peerFiles(file.name())));
    }

    @Override
    public Page<FileSummary> findFiles(String glob, String cursor, int limit) {
        Glob pattern = Glob.compile(glob);
        Cursor.FileKey after = Cursor.filesAfter(cursor);
        PageSize.FILES.check(limit);
        pace(); // the count due, if any; the index reads the TTL after its revivals
        FileIndex.SearchRows found = FileIndex.summaries(peers, pattern, after, limit + 1, clock.instant());
        if (found.stoppedAfter() != null && found.rows().size() <= limit) { // a short page: the scan's budget ran out
            return new Page<>(found.rows(), Cursor.afterEveryContentOf(found.stoppedAfter()));
        }
        return Page.of(found.rows(), limit, row -> Cursor.files(row.name(), row.sha256()));
    }

    @Override
    public Page<FileSources> sources(String name, String sha256, String cursor, int limit) {
        RequestValidation.name(name);
        String wanted = sha256 == null || sha256.isEmpty() ? null : RequestValidation.sha256(sha256, "query parameter");
        String after = Cursor.sourcesAfter(cursor);
        RequestValidation.limit(limit);
        Instant now = clock.instant();
        Duration ttl = ttl();
        if (after == null) {
            List<FileSources> drawn = FileIndex.sources(peers, name, wanted, now, limit, sample);
            if (drawn.isEmpty()) {
                throw noSource(name, wanted);
            }
            // the sample is a preview; when it left someone out, its next page starts the walk over every holder
            boolean someLeftOut = drawn.stream().anyMatch(s -> s.sources().size() < s.completeSources() + s.partialSources());
            return new Page<>(drawn, someLeftOut ? Cursor.sources("") : null);
        }
        FileIndex.Walk walk = FileIndex.walk(holders(name), name, wanted, now, ttl, after, limit);
        if (!walk.anyLive()) {
            throw noSource(name, wanted);
        }
        return new Page<>(walk.groups(), walk.last() == null ? null : Cursor.sources(walk.last()));
    }

    /** The peers holding {@code name}, from the name index (the walk over them; never every peer). */
    private List<PeerEntry> holders(String name) {
        return peers.names().holders(name).stream().map(peers::get).filter(java.util.Objects::nonNull).toList();
    }

    private static RegistryException noSource(String name, String wanted) {
        return RegistryException.notFound("no live peer holds '" + name + "'"
                + (wanted == null ? "" : " with sha256 " + wanted) + "; list files with GET /api/v1/files");
    }

    /** The peers, index and shared announcements (tests in this package check what they hold). */
    PeerTable tableForTest() {
        return peers;
    }

    /** The stored snapshot (tests in this package check what a change copies). */
    PeerEntry entryForTest(String hostname) {
        return peers.get(hostname);
    }

    @Override
    public int sweep() {
        Instant now = clock.instant();
        int dropped = 0;
        for (String hostname : peers.keySet()) {
            boolean[] removed = {false};
            // Per-key compute: a heartbeat racing with the sweep is either applied before (peer kept) or after (404, re-register).
            peers.computeIfPresent(hostname, (key, entry) -> {
                removed[0] = entry.isExpired(now, expiry);
                if (removed[0]) {
                    count.decrementAndGet();
                }
                return removed[0] ? null : entry;
            });
            dropped += removed[0] ? 1 : 0;
        }
        return dropped;
    }

    /** How the Redis store's view applies the outcomes of shared writes to this registry (io.peershare.tracker.registry.redis). */
    public ViewUpdates updates() {
        return updates;
    }

    /** Peers held. */
    public int size() {
        return count.get();
    }
}
