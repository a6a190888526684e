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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The registry in memory. Each peer is an immutable {@link PeerEntry} in a {@link PeerTable} (a concurrent
 * map that keeps the name index in step); every change is one atomic {@code compute} on that peer's key, so concurrent calls about one peer are
 * serialized without a global lock and calls about different peers never wait for each other.
 */
public final class InMemoryRegistry implements Registry {

    private final PeerTable peers = new PeerTable();
    private final Clock clock;
    private final Duration heartbeatInterval;
    private final Duration ttl;
    private final Duration expiry;
    private final int maxFilesPerPeer;
    private final SourceSample sample;

    public InMemoryRegistry(Clock clock, Duration heartbeatInterval, Duration ttl, Duration expiry, int maxFilesPerPeer) {
        this(clock, heartbeatInterval, ttl, expiry, maxFilesPerPeer, new SourceSample());
    }

    /** With the given sampling of sources (tests: a seeded one). */
    InMemoryRegistry(Clock clock, Duration heartbeatInterval, Duration ttl, Duration expiry, int maxFilesPerPeer,
                     SourceSample sample) {
        this.clock = clock;
        this.heartbeatInterval = heartbeatInterval;
        this.ttl = ttl;
        this.expiry = expiry;
        this.maxFilesPerPeer = maxFilesPerPeer;
        this.sample = sample;
    }

    @Override
    public void checkRegistrable(RegisterRequest request) {
        RequestValidation.register(request);
        PeerEntry existing = peers.get(request.hostname());
        if (existing != null) {
            refuseIfHeldByOther(existing, request, clock.instant());
        }
    }

    @Override
    public RegisterResponse register(RegisterRequest request) {
        RequestValidation.register(request);
        Instant now = clock.instant();
        PeerEntry entry = peers.compute(request.hostname(), (hostname, existing) -> {
            if (existing == null) {
                return PeerEntry.fresh(hostname, request.address(), request.port(), Tokens.newToken(), now);
            }
            refuseIfHeldByOther(existing, request, now);
            if (Tokens.matches(existing.token(), request.token())) {
                return existing.movedTo(request.address(), request.port(), now);
            }
            // Takeover of a name whose holder went silent: a new owner, so a new token and no files.
            return PeerEntry.fresh(hostname, request.address(), request.port(), Tokens.newToken(), now);
        });
        return response(entry);
    }

    private void refuseIfHeldByOther(PeerEntry existing, RegisterRequest request, Instant now) {
        if (existing.isLive(now, ttl) && !Tokens.matches(existing.token(), request.token())) {
            long silent = Duration.between(existing.lastSeen(), now).toSeconds();
            throw new RegistryException(RegistryException.Kind.NAME_TAKEN, "hostname '" + request.hostname()
                    + "' is held by a live peer at " + existing.address() + ":" + existing.port() + " (last seen "
                    + silent + "s ago); choose another PEER_HOSTNAME, or stop that peer and retry after "
                    + ttl.toSeconds() + "s");
        }
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
            throw new RegistryException(RegistryException.Kind.MISSING_TOKEN,
                    "missing token; send 'Authorization: Bearer <token>' with the token from the registration");
        }
    }

    private static void authorize(PeerEntry entry, String token) {
        if (!Tokens.matches(entry.token(), token)) {
            throw new RegistryException(RegistryException.Kind.WRONG_TOKEN, "the token does not match the one issued to '"
                    + entry.hostname() + "'; register again to get a new token");
        }
    }

    private RegisterResponse response(PeerEntry entry) {
        return new RegisterResponse(entry.hostname(), entry.token(), heartbeatInterval.toMillis(), ttl.toMillis());
    }

    @Override
    public List<PeerView> peers() {
        Instant now = clock.instant();
        return peers.values().stream()
                .map(entry -> entry.view(now, ttl))
                .sorted(Comparator.comparing(PeerView::hostname))
                .toList();
    }

    @Override
    public Optional<PeerView> peer(String hostname) {
        RequestValidation.hostname(hostname);
        return Optional.ofNullable(peers.get(hostname)).map(entry -> entry.view(clock.instant(), ttl));
    }

    @Override
    public Optional<List<FileEntry>> files(String hostname) {
        RequestValidation.hostname(hostname);
        return Optional.ofNullable(peers.get(hostname)).map(entry -> List.copyOf(entry.files().values()));
    }

    @Override
    public List<FileSummary> findFiles(String glob) {
        return FileIndex.summaries(peers, Glob.compile(glob), clock.instant(), ttl);
    }

    @Override
    public List<FileSources> sources(String name, String sha256, int limit) {
        RequestValidation.name(name);
        String wanted = sha256 == null || sha256.isEmpty() ? null : RequestValidation.sha256(sha256, "query parameter");
        RequestValidation.limit(limit);
        List<FileSources> sources = FileIndex.sources(holders(name), name, wanted, clock.instant(), ttl, limit, sample);
        if (sources.isEmpty()) {
            throw RegistryException.notFound("no live peer holds '" + name + "'"
                    + (wanted == null ? "" : " with sha256 " + wanted) + "; list files with GET /api/v1/files");
        }
        return sources;
    }

    /** The peers holding {@code name}, from the name index: a sources query never walks every peer. */
    private List<PeerEntry> holders(String name) {
        return peers.names().holders(name).stream().map(peers::get).filter(java.util.Objects::nonNull).toList();
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
                return removed[0] ? null : entry;
            });
            dropped += removed[0] ? 1 : 0;
        }
        return dropped;
    }
}
