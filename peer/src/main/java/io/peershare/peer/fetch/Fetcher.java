package io.peershare.peer.fetch;

import io.peershare.peer.PeerMetrics;
import io.peershare.peer.repository.IndexEntry;
import io.peershare.peer.repository.Repository;
import io.peershare.peer.repository.RepositoryException;
import io.peershare.peer.tracker.TrackerClient;
import io.peershare.peer.tracker.TrackerException;
import io.peershare.protocol.Sha256;
import io.peershare.protocol.SharedName;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.Source;
import io.peershare.peer.swarm.PartialFiles;
import io.peershare.peer.swarm.PieceBuffers;
import io.peershare.peer.swarm.PieceVerifier;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs fetches (docs/architecture.md, "The flow of a fetch"): locate the content at the tracker, then fetch its
 * pieces from the swarm of its holders ({@link ContentFetch}), verify, and commit into the repository, which
 * makes this peer a source (the tracker session announces the new entry). While it fetches, this peer serves
 * the pieces it has verified. At most {@code maxFetches} run at once; the others wait in state LOCATING; a
 * second fetch of a name being fetched joins the running one.
 */
public final class Fetcher {

    private static final Logger LOG = Logger.getLogger(Fetcher.class);
    private static final int KEPT_FINISHED = 256;
    /** Fetches that may wait for a free slot; more are refused (the control API answers 503). */
    static final int MAX_WAITING = 256;

    private final Repository repository;
    private final TrackerClient tracker;
    private final FetchSettings settings;
    private final ContentFetch.Parts parts;
    private final PeerMetrics metrics;
    /**
     * Platform threads, not virtual ones: a fetch thread only coordinates, but the swarm's own socket threads
     * are platform threads for the throughput reason in FileServer's comment, and one kind keeps it simple.
     */
    private final ExecutorService pool;
    private final Map<String, FetchProgress> fetches = new ConcurrentHashMap<>();
    /** Running fetches by shared name: a second fetch of the same name joins the first. */
    private final Map<String, FetchProgress> running = new ConcurrentHashMap<>();
    private volatile Consumer<FetchProgress> watcher = progress -> { };

    public Fetcher(Repository repository, TrackerClient tracker, FetchSettings settings, PartialFiles partials,
                   PieceVerifier verifier, PieceBuffers buffers) {
        this(repository, tracker, settings, partials, verifier, buffers, PeerMetrics.none());
    }

    /** As above, counting fetches, their durations and the swarm's bytes, pieces and bans in {@code metrics}. */
    public Fetcher(Repository repository, TrackerClient tracker, FetchSettings settings, PartialFiles partials,
                   PieceVerifier verifier, PieceBuffers buffers, PeerMetrics metrics) {
        this.repository = repository;
        this.tracker = tracker;
        this.settings = settings;
        this.metrics = metrics;
        this.parts = new ContentFetch.Parts(repository, tracker, settings, partials, verifier, buffers, this::isSelf, metrics);
        // Bounded queue: fetches beyond the running ones wait, up to MAX_WAITING; more are refused, not piled up.
        this.pool = new ThreadPoolExecutor(settings.maxFetches(), settings.maxFetches(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(MAX_WAITING), Thread.ofPlatform().name("fetch-", 1).daemon().factory());
    }

    /**
     * Starts fetching {@code name} (of content {@code sha256Hex} when given) in the background, or returns the
     * fetch of that name already running.
     *
     * @throws IllegalArgumentException for an invalid name or hash, before anything starts
     */
    public FetchProgress start(String name, String sha256Hex) {
        SharedName.check(name);
        String sha = sha256Hex == null || sha256Hex.isBlank() ? null : Sha256.parse(sha256Hex).hex();
        FetchProgress progress = new FetchProgress(UUID.randomUUID().toString().substring(0, 8), name, sha);
        FetchProgress already = running.putIfAbsent(name, progress);
        if (already != null && (sha == null || sha.equals(already.sha256()))) {
            return already;
        }
        if (already != null) {
            throw new IllegalStateException("a fetch of " + name + " with another sha256 is running (id " + already.id()
                    + "); wait for it to end");
        }
        forgetOldFetches();
        try {
            pool.execute(() -> runFetch(progress, sha));
        } catch (RejectedExecutionException e) {
            running.remove(name, progress);
            throw new IllegalStateException(settings.maxFetches() + " fetches are running and " + MAX_WAITING
                    + " are waiting; try again when some have finished");
        }
        fetches.put(progress.id(), progress);
        watcher.accept(progress);
        return progress;
    }

    /** Tells {@code watcher} of each fetch started from now on, on the starting thread: it must not block. */
    public void watch(Consumer<FetchProgress> watcher) {
        this.watcher = watcher;
    }

    /** Stops taking fetches; running ones stop, keeping their verified pieces for a resume after a restart. */
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Optional<FetchProgress> progress(String id) {
        return Optional.ofNullable(fetches.get(id));
    }

    /** Runs a fetch on the calling thread and returns its final progress (tests and benchmarks). */
    public FetchProgress fetchNow(String name, String sha256Hex) {
        SharedName.check(name);
        String sha = sha256Hex == null ? null : Sha256.parse(sha256Hex).hex();
        FetchProgress progress = new FetchProgress("now", name, sha);
        runFetch(progress, sha);
        return progress;
    }

    private void runFetch(FetchProgress progress, String sha) {
        long started = System.nanoTime();
        metrics.fetchStarted();
        try {
            run(progress, sha);
        } catch (FetchException e) {
            progress.finish(FetchState.FAILED, e.getMessage());
        } catch (RepositoryException e) {
            progress.finish(FetchState.FAILED, e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "fetch of %s failed unexpectedly", progress.name());
            progress.finish(FetchState.FAILED, "fetch of " + progress.name() + " failed: " + e);
        } finally {
            running.remove(progress.name(), progress);
            metrics.fetchEnded(progress.state(), System.nanoTime() - started);
        }
        if (progress.state() == FetchState.FAILED) {
            LOG.warnf("fetch of %s failed: %s", progress.name(), progress.message());
        }
    }

    private void run(FetchProgress progress, String sha) throws FetchException {
        String name = progress.name();
        try {
            // The folder is the user's: a file deleted or edited there since the last scan must not count as held.
            repository.reindex(name);
        } catch (IOException e) {
            throw new FetchException("cannot check " + name + " in the repository folder: " + e.getMessage());
        }
        Optional<IndexEntry> local = repository.entry(name);
        if (local.isPresent() && sha != null && local.get().sha256().hex().equals(sha)) {
            alreadyPresent(progress, local.get());
            return;
        }
        List<FileSources> contents = locate(name, sha);
        if (local.isPresent()) {
            String mine = local.get().sha256().hex();
            if (sha == null && (contents.isEmpty() || contents.stream().anyMatch(c -> c.sha256().equalsIgnoreCase(mine)))) {
                alreadyPresent(progress, local.get());
                return;
            }
            throw new FetchException("this peer already holds other content under '" + name + "' (sha256 "
                    + abbreviate(mine) + "); remove it from the repository folder first");
        }
        String chosen = choose(name, sha, contents);
        List<FileSources> groups = contents.stream().filter(c -> c.sha256().equalsIgnoreCase(chosen))
                .filter(c -> c.sources().stream().anyMatch(s -> !isSelf(s)))
                .sorted(Comparator.comparingInt((FileSources c) -> c.completeSources() + c.partialSources()).reversed()
                        .thenComparing(Comparator.comparingInt(FileSources::completeSources).reversed()))
                .toList();
        if (groups.isEmpty()) {
            throw new FetchException("no live source for " + name + "; ask a peer that has it to publish it");
        }
        progress.target(groups.get(0).size(), -1, chosen);
        new ContentFetch(parts, progress, name, Sha256.parse(chosen)).run(groups);
    }

    private List<FileSources> locate(String name, String sha) throws FetchException {
        try {
            return tracker.sources(name, sha);
        } catch (TrackerException e) {
            throw new FetchException(e.getMessage());
        }
    }

    /** The SHA-256 to fetch: the one asked for, or the only content offered under the name. */
    private String choose(String name, String sha, List<FileSources> contents) throws FetchException {
        if (contents.isEmpty()) {
            throw new FetchException(everOffered(name)
                    ? "no live source for " + name + "; ask a peer that has it to publish it"
                    : FetchProgress.UNKNOWN_FILE + " " + name + ": no peer offers it; check the name");
        }
        if (sha != null) {
            return contents.stream().map(FileSources::sha256).filter(sha::equalsIgnoreCase).findFirst()
                    .orElseThrow(() -> new FetchException("no live source for " + name + " with sha256 " + abbreviate(sha)
                            + "; ask a peer that has it to publish it"));
        }
        Map<String, List<FileSources>> bySha = contents.stream()
                .collect(Collectors.groupingBy(c -> c.sha256().toLowerCase(java.util.Locale.ROOT), LinkedHashMap::new, Collectors.toList()));
        if (bySha.size() > 1) {
            String listing = bySha.values().stream()
                    .map(c -> c.get(0).sha256() + " (" + c.get(0).size() + " bytes, "
                            + c.stream().mapToInt(g -> g.completeSources() + g.partialSources()).sum() + " sources)")
                    .collect(Collectors.joining(", "));
            throw new FetchException(name + " is offered with " + bySha.size() + " different contents: " + listing
                    + "; choose one with --sha256");
        }
        return bySha.keySet().iterator().next();
    }

    /** Whether the tracker knows the name at all (offered by a peer that is not live now). */
    private boolean everOffered(String name) {
        try {
            return tracker.lists(name);
        } catch (TrackerException e) {
            return true; // cannot tell: say "no live source", the milder claim
        }
    }

    private boolean isSelf(Source source) {
        return source.hostname().equals(settings.selfHostname())
                || (source.address().equals(settings.selfAddress()) && source.port() == settings.selfPort().getAsInt());
    }

    private static void alreadyPresent(FetchProgress progress, IndexEntry entry) {
        progress.target(entry.size(), -1, entry.sha256().hex());
        progress.done(entry.size(), 0);
        progress.finish(FetchState.ALREADY_PRESENT, entry.name() + " is already in the repository with sha256 "
                + entry.sha256().hex() + "; nothing to do");
    }

    static String abbreviate(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) + "…" : sha;
    }

    private void forgetOldFetches() {
        if (fetches.size() < KEPT_FINISHED) {
            return;
        }
        fetches.values().stream().filter(p -> p.state().finished()).limit(fetches.size() - KEPT_FINISHED / 2)
                .map(FetchProgress::id).toList().forEach(fetches::remove);
    }
}
