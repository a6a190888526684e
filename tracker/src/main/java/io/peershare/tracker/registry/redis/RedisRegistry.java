package io.peershare.tracker.registry.redis;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.FileSummary;
import io.peershare.protocol.api.PeerView;
import io.peershare.protocol.api.RegisterRequest;
import io.peershare.protocol.api.RegisterResponse;
import io.peershare.tracker.registry.FileCounts;
import io.peershare.tracker.registry.HeartbeatPace;
import io.peershare.tracker.registry.InMemoryRegistry;
import io.peershare.tracker.registry.Page;
import io.peershare.tracker.registry.ViewUpdates.PeerState;
import io.peershare.tracker.registry.PeerCounts;
import io.peershare.tracker.registry.Registry;
import io.peershare.tracker.registry.RegistryException;
import io.peershare.tracker.registry.RequestValidation;
import io.peershare.tracker.registry.Tokens;
import io.vertx.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The registry shared by tracker replicas through Redis. Redis is the truth for writes: each is one Lua script
 * ({@link RegistryScripts}) that checks the token against Redis' state, changes it and appends the change to a
 * stream, atomically. Reads are answered from this replica's view ({@link ViewTail}: an {@link InMemoryRegistry}
 * fed by the stream), as fast as the memory store; the replica applies its own writes to the view before
 * answering, so a peer reads its writes through the same replica. Tokens are kept as SHA-256 digests only.
 */
public final class RedisRegistry implements Registry, AutoCloseable {

    /** The most peers one sweep call removes; the sweep repeats until fewer expired. */
    private static final int SWEEP_BATCH = 1000;

    private final RedisStore store;
    private final ViewTail tail;
    private final Clock clock;
    /** Shared by every view this replica loads: the interval and TTL follow the live peers of the view. */
    private final HeartbeatPace pace;
    private final Duration expiry;
    private final int maxFilesPerPeer;
    private final int maxPeers;
    private final String maxLength;

    public RedisRegistry(RedisStore store, Clock clock, HeartbeatPace pace, Duration expiry,
                         int maxFilesPerPeer, int maxPeers, int streamMaxLength) {
        this(store, clock, pace, expiry, maxFilesPerPeer, maxPeers, streamMaxLength, Duration.ofSeconds(1));
    }

    /** {@code block}: how long one read of the stream waits in Redis (tests: shorter, so a closed replica stops soon). */
    RedisRegistry(RedisStore store, Clock clock, Duration heartbeatInterval, Duration ttl, Duration expiry,
                  int maxFilesPerPeer, int maxPeers, int streamMaxLength, Duration block) {
        this(store, clock, HeartbeatPace.fixed(heartbeatInterval, ttl), expiry, maxFilesPerPeer, maxPeers,
                streamMaxLength, block);
    }

    RedisRegistry(RedisStore store, Clock clock, HeartbeatPace pace, Duration expiry,
                  int maxFilesPerPeer, int maxPeers, int streamMaxLength, Duration block) {
        this.store = store;
        this.clock = clock;
        this.pace = pace;
        this.expiry = expiry;
        this.maxFilesPerPeer = maxFilesPerPeer;
        this.maxPeers = maxPeers;
        this.maxLength = Integer.toString(Math.max(ViewTail.BATCH, streamMaxLength));
        // The view holds what Redis admitted; its own limits must never refuse an event.
        this.tail = new ViewTail(store, () -> new InMemoryRegistry(clock, pace, expiry, Integer.MAX_VALUE,
                Integer.MAX_VALUE), block);
        tail.start();
    }

    /** The view has been loaded from Redis once (readiness). */
    public boolean loaded() {
        return tail.loaded();
    }

    /** Redis answered the view's last read. */
    public boolean reachable() {
        return tail.reachable();
    }

    @Override
    public void checkRegistrable(RegisterRequest request) {
        RequestValidation.register(request);
        InMemoryRegistry view = tail.view();
        if (view.peer(request.hostname()).isEmpty() && view.size() >= maxPeers) {
            throw InMemoryRegistry.full(maxPeers);
        }
    }

    @Override
    public RegisterResponse register(RegisterRequest request) {
        RequestValidation.register(request);
        String newToken = Tokens.newToken();
        String given = request.token() == null || request.token().isBlank() ? "" : digest(request.token());
        Response r = write(RegistryScripts.REGISTER, request.hostname(), List.of(request.hostname(), request.address(),
                Integer.toString(request.port()), given, digest(newToken), now(), Integer.toString(maxPeers),
                millis(expiry), millis(ttl())));
        applyState(request.hostname(), r);
        String token = "KEPT".equals(r.get(0).toString()) ? request.token() : newToken;
        return answer(request.hostname(), token);
    }

    /** The interval and TTL follow this replica's view of the live peers ({@link HeartbeatPace}). */
    private RegisterResponse answer(String hostname, String token) {
        HeartbeatPace now = tail.view().pace();
        return new RegisterResponse(hostname, token, now.interval().toMillis(), now.ttl().toMillis());
    }

    /** The TTL of the live:{h} key Redis keeps for operators: the one this replica applies now. */
    private Duration ttl() {
        return tail.view().pace().ttl();
    }

    @Override
    public RegisterResponse heartbeat(String hostname, String token) {
        String digest = owner(hostname, token);
        String now = now();
        write(RegistryScripts.HEARTBEAT, hostname, List.of(hostname, digest, now, millis(expiry), millis(ttl())));
        tail.applyLocal(view -> view.updates().applySeen(hostname, PeerStates.millis(now)));
        return answer(hostname, token);
    }

    @Override
    public void unregister(String hostname, String token) {
        Response r = write(RegistryScripts.UNREGISTER, hostname, List.of(hostname, owner(hostname, token)));
        tail.applyLocal(view -> view.updates().applyRemoval(r.get(1).toLong(), hostname));
    }

    @Override
    public void replaceFiles(String hostname, String token, List<FileEntry> files) {
        changeFiles(hostname, token, "replace", RequestValidation.files(files, maxFilesPerPeer));
    }

    @Override
    public void addFiles(String hostname, String token, List<FileEntry> files) {
        changeFiles(hostname, token, "add", RequestValidation.files(files, maxFilesPerPeer));
    }

    @Override
    public void withdrawFile(String hostname, String token, String name) {
        RequestValidation.name(name);
        String digest = owner(hostname, token);
        applyState(hostname, write(RegistryScripts.FILES, hostname, List.of(hostname, digest, now(), millis(expiry),
                millis(ttl()), "withdraw", Integer.toString(maxFilesPerPeer), name)));
    }

    private void changeFiles(String hostname, String token, String mode, List<FileEntry> valid) {
        String digest = owner(hostname, token);
        List<String> args = new ArrayList<>(7 + 2 * valid.size());
        args.addAll(List.of(hostname, digest, now(), millis(expiry), millis(ttl()), mode, Integer.toString(maxFilesPerPeer)));
        for (FileEntry file : valid) {
            args.add(file.name());
            args.add(PeerStates.json(file));
        }
        applyState(hostname, write(RegistryScripts.FILES, hostname, args));
    }

    /** Runs a write; a changed epoch (Redis lost its data) is learnt and the write tried once more. */
    private Response write(RedisStore.Script script, String hostname, List<String> args) {
        for (int attempt = 0; ; attempt++) {
            String epoch = tail.epoch() == null ? tail.renewEpoch() : tail.epoch();
            List<String> all = new ArrayList<>(3 + args.size());
            all.add(store.prefix());
            all.add(epoch);
            all.add(maxLength);
            all.addAll(args);
            Response r = store.eval(script, all);
            String status = r.get(0).toString();
            switch (status) {
                case "EPOCH" -> {
                    if (attempt > 0) {
                        throw ViewTail.StoreErrors.lost();
                    }
                    tail.renewEpoch();
                }
                case "NOT_FOUND" -> throw RegistryException.unknownPeer(hostname);
                case "WRONG_TOKEN" -> throw RegistryException.wrongToken(hostname);
                case "FULL" -> throw InMemoryRegistry.full(maxPeers);
                case "TOO_MANY" -> throw RegistryException.invalid(hostname + " would hold " + r.get(1)
                        + " files; the limit per peer is " + maxFilesPerPeer + "; withdraw some first");
                default -> {
                    return r;
                }
            }
        }
    }

    /** A script's answer OK|NEW|KEPT, version, k, a, p, r, l, files: applied to this replica's view at once. */
    private void applyState(String hostname, Response r) {
        PeerState state = PeerStates.of(hostname, r.get(2).toString(), r.get(3).toString(), r.get(4).toString(),
                r.get(5).toString(), r.get(6).toString(), r.get(7).toString());
        long version = r.get(1).toLong();
        tail.applyLocal(view -> view.updates().applyState(version, state));
    }

    /** The 401/404 checks that need no store, in the memory store's order; returns the token's digest. */
    private static String owner(String hostname, String token) {
        if (token == null || token.isBlank()) {
            throw RegistryException.missingToken();
        }
        RequestValidation.hostname(hostname);
        return digest(token);
    }

    static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    private String now() {
        return Long.toString(clock.millis());
    }

    private static String millis(Duration duration) {
        return Long.toString(Math.max(1, duration.toMillis()));
    }

    @Override
    public int sweep() {
        String cutoff = Long.toString(clock.millis() - expiry.toMillis());
        int dropped = 0;
        while (true) {
            Response r = write(RegistryScripts.SWEEP, "", List.of(cutoff, Integer.toString(SWEEP_BATCH)));
            int removed = (r.size() - 1) / 2;
            for (int i = 1; i + 1 < r.size(); i += 2) {
                long version = r.get(i + 1).toLong();
                String hostname = r.get(i).toString();
                tail.applyLocal(view -> view.updates().applyRemoval(version, hostname));
            }
            dropped += removed;
            if (removed < SWEEP_BATCH) {
                break;
            }
        }
        tail.view().updates().forgetRemovalsUpTo(tail.appliedVersion());
        return dropped;
    }

    // Reads: this replica's view (new read methods of Registry are one-line delegations).

    @Override
    public PeerCounts counts() {
        return tail.view().counts();
    }

    @Override
    public FileCounts fileCounts() {
        return tail.view().fileCounts();
    }

    @Override
    public Page<PeerView> peers(String cursor, int limit) {
        return tail.view().peers(cursor, limit);
    }

    @Override
    public Optional<PeerView> peer(String hostname) {
        return tail.view().peer(hostname);
    }

    @Override
    public Optional<Page<FileEntry>> files(String hostname, String cursor, int limit) {
        return tail.view().files(hostname, cursor, limit);
    }

    @Override
    public Page<FileSummary> findFiles(String glob, String cursor, int limit) {
        return tail.view().findFiles(glob, cursor, limit);
    }

    @Override
    public Page<FileSources> sources(String name, String sha256, String cursor, int limit) {
        return tail.view().sources(name, sha256, cursor, limit);
    }

    @Override
    public void close() {
        tail.close();
    }
}
