package io.peershare.peer;

import io.micrometer.core.instrument.MeterRegistry;
import io.peershare.peer.fetch.FetchSettings;
import io.peershare.peer.fetch.Fetcher;
import io.peershare.peer.repository.FileHasher;
import io.peershare.peer.repository.Repository;
import io.peershare.peer.repository.RepositoryLock;
import io.peershare.peer.report.TransferReporter;
import io.peershare.peer.server.FileServer;
import io.peershare.peer.server.ServerSettings;
import io.peershare.peer.tracker.PeerKey;
import io.peershare.peer.tracker.TrackerClient;
import io.peershare.peer.tracker.TrackerSession;
import io.peershare.peer.swarm.PartialFiles;
import io.peershare.peer.swarm.PieceBuffers;
import io.peershare.peer.swarm.PieceVerifier;
import io.peershare.peer.swarm.SwarmSettings;
import io.peershare.protocol.wire.WireLimits;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The daemon's services and their lifecycle: on startup scan the repository, start the file server, then
 * register with the tracker (it PINGs the server first); on shutdown unregister, then stop serving.
 * Off when {@code peer.daemon.enabled=false} (one-shot shell runs). The repository's lock is taken first: a second
 * daemon on the same folder stops at once with one line naming the other one ({@link RepositoryLock}).
 */
@ApplicationScoped
public class PeerDaemon {

    private static final Logger LOG = Logger.getLogger(PeerDaemon.class);
    public static final String AGENT = "peershare-peer/0.2";

    private final PeerConfig config;
    /** Made once, so a restart of the services (tests) keeps counting into the same meters. */
    private final PeerMetrics metrics;
    /** Start and stop exclude each other; a lock rather than a monitor, as everywhere virtual threads may wait. */
    private final ReentrantLock lifecycle = new ReentrantLock();
    private volatile RepositoryLock repositoryLock;
    private volatile Repository repository;
    private volatile FileServer server;
    private volatile TrackerSession session;
    private volatile Fetcher fetcher;
    private volatile TrackerClient tracker;
    private volatile PartialFiles partials;
    private volatile PieceVerifier verifier;
    private volatile ScheduledExecutorService rescans;
    private volatile TransferReporter reporter;

    PeerDaemon(PeerConfig config, MeterRegistry registry) {
        this.config = config;
        this.metrics = new PeerMetrics(registry).identify(config.effectiveHostname());
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.daemon().enabled()) {
            return;
        }
        try {
            start();
        } catch (UncheckedIOException e) {
            // One clear line instead of a framework stack trace, and a failing exit code for scripts.
            LOG.error(e.getMessage());
            stop();
            Quarkus.asyncExit(1);
        }
    }

    /**
     * The verifier's warm-up once the control API listens, not during start: its hashing and the JIT work it
     * causes took CPU from the rest of the start on busy machines, and readiness waited for it; a fetch comes
     * after readiness anyway.
     */
    void onListening(@ObservesAsync HttpServerStart started) {
        PieceVerifier current = verifier;
        if (current == null) {
            return;
        }
        try {
            current.warmUp();
        } catch (RejectedExecutionException e) {
            LOG.debug("the daemon stopped before the piece verifier's warm-up; skipped");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    void start() {
        lifecycle.lock();
        try {
            startServices();
        } finally {
            lifecycle.unlock();
        }
    }

    private void startServices() {
        try {
            repositoryLock = RepositoryLock.acquire(Path.of(config.repository()));
            repository = Repository.open(Path.of(config.repository()), new FileHasher());
            partials = new PartialFiles();
            server = new FileServer(repository, partials, new ServerSettings(config.bindAddress(), config.port(),
                    config.maxConnections(), config.maxUploads(), config.uploadQueueWait(), config.busyRetryAfter(),
                    config.socketTimeout(),
                    WireLimits.MAX_LIST_ENTRIES, AGENT, config.servingThreads(), config.requestTimeout()), metrics);
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the peer daemon: " + e.getMessage(), e);
        }
        tracker = new TrackerClient(URI.create(config.trackerUrl()), config.connectTimeout(), config.socketTimeout());
        String address = config.effectiveAdvertisedAddress();
        SwarmSettings swarm = new SwarmSettings(config.connectTimeout(), config.stallTimeout(), config.pieceTimeout(),
                config.fetchIdleTimeout(), config.sourcesRefresh(), config.maxSourcesPerFetch(), AGENT);
        verifier = new PieceVerifier(Math.max(2, Runtime.getRuntime().availableProcessors()), config.pieceBuffers());
        fetcher = new Fetcher(repository, tracker, new FetchSettings(config.maxFetches(), swarm, config.effectiveHostname(),
                address, server::port), partials, verifier, new PieceBuffers(WireLimits.PIECE_SIZE, config.pieceBuffers()),
                metrics);
        session = new TrackerSession(tracker, repository, partials,
                new TrackerSession.Identity(config.effectiveHostname(), address, server::port), peerKey());
        session.start();
        reporter = config.reportTransfers()
                ? TransferReporter.start(fetcher, session, config.trackerUrl(), config.reportInterval()) : null;
        rescans = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("repository-rescan").daemon().factory());
        long every = Math.max(1000, config.rescanInterval().toMillis());
        rescans.scheduleWithFixedDelay(this::rescan, every, every, TimeUnit.MILLISECONDS);
        LOG.infof("peer %s serving %s on %s:%d, tracker %s", config.effectiveHostname(), repository.root(),
                address, server.port(), config.trackerUrl());
    }

    /** peer.identity-file, else the repository's .peershare/identity.key (kept with the repository's volume). */
    private PeerKey peerKey() {
        Path file = config.identityFile().filter(f -> !f.isBlank()).map(Path::of)
                .orElseGet(() -> repository.root().resolve(Repository.RESERVED).resolve("identity.key"));
        try {
            return PeerKey.loadOrCreate(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load this peer's identity key: " + e.getMessage(), e);
        }
    }

    private void rescan() {
        try {
            repository.scan();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("scanning the repository folder %s failed: %s", repository.root(), e.getMessage());
        }
    }

    void stop() {
        lifecycle.lock();
        try {
            stopServices();
        } finally {
            lifecycle.unlock();
        }
    }

    private void stopServices() {
        if (rescans != null) {
            rescans.shutdownNow();
        }
        if (reporter != null) {
            reporter.close();
        }
        if (session != null) {
            session.close();
        }
        if (server != null) {
            server.close();
        }
        if (fetcher != null) {
            fetcher.close();
        }
        if (verifier != null) {
            verifier.close();
        }
        if (repositoryLock != null) {
            repositoryLock.close();
            repositoryLock = null;
        }
    }

    /** Whether the services run in this process (false in one-shot shell runs). */
    public boolean running() {
        return session != null;
    }

    public Repository repository() {
        return require(repository);
    }

    public FileServer server() {
        return require(server);
    }

    public Fetcher fetcher() {
        return require(fetcher);
    }

    public TrackerSession session() {
        return require(session);
    }

    public PeerConfig config() {
        return config;
    }

    private static <T> T require(T service) {
        if (service == null) {
            throw new IllegalStateException("the peer daemon is not running in this process (peer.daemon.enabled=false)");
        }
        return service;
    }
}
