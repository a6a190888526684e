package io.peershare.peer.swarm;

import io.peershare.peer.PeerMetrics;
import io.peershare.protocol.PieceManifest;
import io.peershare.protocol.Sha256;
import io.peershare.protocol.api.Source;
import io.peershare.protocol.wire.HaveResult;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The dispatcher of one fetch from a swarm: it keeps the sources (a {@link SourceSession} each, on a thread of
 * its own), asks the {@link PiecePicker} which piece each source should send next, books every request in
 * the {@link RequestBook}, hands what arrives to the {@link PieceVerifier} (which writes good pieces to the
 * {@link PieceStore}), and decides about sources: a corrupt piece bans its source for this file, a silent or
 * trickling source is dropped and tried again later, a source that cannot serve is forgotten. It runs until
 * every piece is held, the disk fails, or no source can give what is missing.
 *
 * <p>Policies: rarest first with random ties once another fetcher is known, in order before that (see
 * {@link InOrderPicker}); a pipeline of 2 to {@value #MAX_PIPELINE} requests per source, deeper for faster
 * sources, so fast sources get more work; an end game that asks a second source for a piece still in flight
 * when nothing else is left, so one slow source cannot hold up the end.
 *
 * <p>Threads: the caller's thread runs {@link #run} (start sessions, refresh sources from the tracker, watch
 * deadlines); sessions and verifiers call in. One lock guards the bookkeeping; no I/O happens under it.
 */
public final class SwarmFetch implements PieceVerifier.Outcome {

    private static final Logger LOG = Logger.getLogger(SwarmFetch.class);
    static final int MAX_PIPELINE = 8;
    private static final int MIN_PIPELINE = 2;
    /** Seconds of data a source's pipeline should hold at its measured rate (many round trips on a LAN). */
    private static final double PIPELINE_SECONDS = 0.1;
    /** A piece requested this long ago and not arrived may be asked of a second source in the end game. */
    private static final long STRAGGLER_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_FAILURES = 3;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How long a fetch waits for other fetchers' shares before it asks a seed for them itself. */
    private static final long SHARE_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** First tracker refreshes come quickly, so fetchers that start together find each other at once. */
    private static final long[] EARLY_REFRESH_MILLIS = {250, 500, 1000, 2000};

    public enum Result {
        /** Every piece is verified and written. */
        COMPLETE,
        /** Writing a piece failed: this peer's disk, not a source. */
        UNWRITABLE,
        /** No piece arrived for the idle timeout. */
        STALLED,
        /** Every source is banned, gone or failed, and the tracker knows no other. */
        NO_SOURCES,
        /** The fetch was stopped (the daemon is shutting down). */
        STOPPED
    }

    private final String name;
    private final Sha256 sha256;
    private final PieceManifest manifest;
    private final PieceStore store;
    private final SwarmSettings settings;
    private final PieceVerifier verifier;
    private final PieceBuffers buffers;
    private final Supplier<List<Source>> finder;
    private final Predicate<Source> isSelf;
    private final SourceBans bans;
    private final SwarmProgress progress;
    private final LongSupplier clock;
    private final PeerMetrics metrics;
    /** This peer's host name, as other fetchers see it in the tracker's lists. */
    private final String self;
    private final PiecePicker rarest;
    private final PiecePicker inOrder = new InOrderPicker();

    private final ReentrantLock lock = new ReentrantLock();
    /** Sessions wait here for something to ask their source for; signalled by every change of the bookkeeping. */
    private final Condition work = lock.newCondition();
    /**
     * The dispatcher waits here between its ticks; signalled only by what can end the fetch (the last piece, a
     * session ending, a ban, a write error), so that pieces arriving by the hundred do not run its rounds.
     */
    private final Condition change = lock.newCondition();
    private final Map<String, SwarmSource> sources = new LinkedHashMap<>();
    private final RequestBook book = new RequestBook();
    private final int[] availability;
    /** Pieces not yet verified and written. */
    private final BitSet missing;
    /** Pieces received and handed to the verifier, not yet reported: not to be asked for again meanwhile. */
    private final BitSet checking = new BitSet();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    private boolean otherFetchersKnown;
    private int verifying;
    private IOException unwritable;
    private long lastProgressAt;
    private long hopelessSince;
    private long nextRefreshAt;
    private int refreshes;
    private int refreshesWhileHopeless;

    public SwarmFetch(PieceStore store, SwarmSettings settings, PieceVerifier verifier, PieceBuffers buffers,
               Supplier<List<Source>> finder, Predicate<Source> isSelf, SourceBans bans, SwarmProgress progress,
               LongSupplier clock, RandomGenerator random, String self, PeerMetrics metrics) {
        this.name = store.name();
        this.sha256 = store.sha256();
        this.manifest = store.manifest();
        this.store = store;
        this.settings = settings;
        this.verifier = verifier;
        this.buffers = buffers;
        this.finder = finder;
        this.isSelf = isSelf;
        this.bans = bans;
        this.progress = progress;
        this.clock = clock;
        this.self = self;
        this.metrics = metrics;
        this.rarest = new RarestFirstPicker(random);
        this.availability = new int[manifest.pieceCount()];
        this.missing = store.held().missing();
    }

    String name() {
        return name;
    }

    Sha256 sha256() {
        return sha256;
    }

    PieceBuffers buffers() {
        return buffers;
    }

    boolean running() {
        return running;
    }

    /** Runs the fetch to its end; the sessions are stopped when this returns. */
    public Result run(List<Source> initial) {
        long now = clock.getAsLong();
        lock.lock();
        try {
            lastProgressAt = now;
            nextRefreshAt = now + TimeUnit.MILLISECONDS.toNanos(EARLY_REFRESH_MILLIS[0]);
            addSources(initial);
        } finally {
            lock.unlock();
        }
        try {
            return loop();
        } finally {
            stopSessions();
            lock.lock();
            try {
                report(); // the last word: every piece verified up to the end
            } finally {
                lock.unlock();
            }
        }
    }

    private Result loop() {
        while (true) {
            long now = clock.getAsLong();
            boolean refresh;
            lock.lock();
            try {
                Result result = outcome(now);
                if (result != null) {
                    return result;
                }
                startSessions(now);
                watchDeadlines(now);
                report();
                refresh = now >= nextRefreshAt || (hopelessSince != 0 && refreshesWhileHopeless == 0);
            } finally {
                lock.unlock();
            }
            if (refresh) {
                refreshSources();
            }
            lock.lock();
            try {
                if ((running && !missing.isEmpty()) || verifying > 0) {
                    change.awaitNanos(TICK_NANOS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } finally {
                lock.unlock();
            }
        }
    }

    /** Holding the lock: how the fetch ends now, or null while it goes on. */
    private Result outcome(long now) {
        if (unwritable != null) {
            return Result.UNWRITABLE;
        }
        if (!running || Thread.currentThread().isInterrupted()) {
            return Result.STOPPED;
        }
        if (missing.isEmpty() && verifying == 0) {
            return Result.COMPLETE;
        }
        if (now - lastProgressAt > settings.idleTimeout().toNanos()) {
            return Result.STALLED;
        }
        boolean hopeless = sources.values().stream().noneMatch(s -> s.state == SwarmSource.State.ACTIVE
                || s.state == SwarmSource.State.IDLE);
        if (!hopeless) {
            hopelessSince = 0;
            return null;
        }
        if (hopelessSince == 0) {
            hopelessSince = now; // ask the tracker once more before giving up
            refreshesWhileHopeless = 0;
        }
        return refreshesWhileHopeless > 0 && verifying == 0 ? Result.NO_SOURCES : null;
    }

    private void refreshSources() {
        List<Source> found;
        try {
            found = finder.get();
        } catch (RuntimeException e) {
            LOG.debugf("fetch of %s: asking the tracker for sources failed: %s", name, e.getMessage());
            found = List.of();
        }
        long now = clock.getAsLong();
        lock.lock();
        try {
            addSources(found);
            refreshes++;
            long delay = refreshes < EARLY_REFRESH_MILLIS.length
                    ? TimeUnit.MILLISECONDS.toNanos(EARLY_REFRESH_MILLIS[refreshes]) : settings.sourcesRefresh().toNanos();
            nextRefreshAt = now + delay;
            if (hopelessSince != 0) {
                refreshesWhileHopeless++;
            }
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Holding the lock: adds the sources not known yet, leaving out this peer and banned sources. */
    private void addSources(Collection<Source> found) {
        for (Source source : found) {
            SwarmSource known = sources.get(source.address() + ":" + source.port());
            if (known != null || isSelf.test(source)) {
                continue;
            }
            SwarmSource added = new SwarmSource(source);
            if (bans.isBanned(added.key())) {
                added.state = SwarmSource.State.BANNED;
                added.problem = bans.reason(added.key());
            }
            sources.put(added.key(), added);
            if (source.partial()) {
                otherFetchersKnown = true;
            }
        }
    }

    /** Holding the lock: connects idle sources whose wait is over, up to the limit. */
    private void startSessions(long now) {
        long active = sources.values().stream().filter(s -> s.state == SwarmSource.State.ACTIVE).count();
        for (SwarmSource source : sources.values()) {
            if (active >= settings.maxSources()) {
                return;
            }
            if (source.state == SwarmSource.State.IDLE && now >= source.retryAt) {
                source.state = SwarmSource.State.ACTIVE;
                source.retryAt = 0;
                source.session = new SourceSession(this, source, settings, manifest);
                Thread thread = Thread.ofPlatform().name("swarm-" + source.name()).daemon().start(source.session);
                threads.add(thread);
                active++;
            }
        }
        threads.removeIf(t -> !t.isAlive());
    }

    /**
     * Holding the lock: drops sessions whose source has been silent for the stall timeout while an answer is
     * awaited, or whose current answer takes longer than the piece timeout.
     */
    private void watchDeadlines(long now) {
        for (SwarmSource source : sources.values()) {
            SourceSession session = source.session;
            if (session == null || session.aborted()) {
                continue;
            }
            String problem = null;
            if (session.silence(now) > settings.stallTimeout().toNanos()) {
                problem = "silent for " + settings.stallTimeout().toMillis() + " ms";
            } else if (session.answerAge(now) > settings.pieceTimeout().toNanos()) {
                problem = "too slow: an answer took longer than " + settings.pieceTimeout().toMillis() + " ms";
            }
            if (problem != null) {
                penalize(source, problem, now);
                LOG.infof("fetch of %s: dropping %s (%s)", name, source, problem);
                session.abort(problem);
            }
        }
    }

    /** Holding the lock: counts a failure of {@code source} and sets when it may be tried again. */
    private void penalize(SwarmSource source, String problem, long now) {
        source.failures++;
        source.problem = problem;
        source.retryAt = now + TimeUnit.MILLISECONDS.toNanos(500L << Math.min(6, source.failures - 1));
    }

    // --- called by sessions -------------------------------------------------------------------------------

    /** Pieces {@code source} should send next, at most {@code max}; empty when it has nothing wanted now. */
    List<Integer> assign(SwarmSource source, int max) {
        lock.lock();
        try {
            if (!running || source.holds == null || clock.getAsLong() < source.retryAt) {
                return List.of();
            }
            BitSet wanted = (BitSet) missing.clone();
            wanted.andNot(book.pieces());
            wanted.andNot(checking);
            boolean endGame = wanted.isEmpty();
            if (source.holdsAll(manifest.pieceCount())) {
                SeedShare.restrict(wanted, sources.values(), availability, manifest.pieceCount(), self,
                        clock.getAsLong() - lastProgressAt > SHARE_PATIENCE_NANOS);
            }
            PiecePicker picker = otherFetchersKnown ? rarest : inOrder;
            List<Integer> pieces = new ArrayList<>(max);
            while (pieces.size() < max) {
                int piece = picker.pick(source.holds, wanted, availability);
                if (piece < 0) {
                    break;
                }
                wanted.clear(piece);
                book.add(piece, source, clock.getAsLong());
                pieces.add(piece);
            }
            if (pieces.isEmpty() && endGame && book.inFlight(source) == 0) {
                int piece = endGamePiece(source);
                if (piece >= 0) {
                    book.add(piece, source, clock.getAsLong());
                    pieces.add(piece);
                }
            }
            return pieces;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Holding the lock, in the end game (every missing piece is requested): a piece requested from one other
     * source at least {@link #STRAGGLER_NANOS} ago and still not arrived, that {@code source} also holds, so a
     * slow source cannot hold up the end; -1 when none. Younger requests are left alone: with pipelines, many
     * pieces are in flight when the end game starts, and asking for each twice would waste uploads.
     */
    private int endGamePiece(SwarmSource source) {
        BitSet inFlight = book.pieces();
        long now = clock.getAsLong();
        for (int piece = inFlight.nextSetBit(0); piece >= 0; piece = inFlight.nextSetBit(piece + 1)) {
            if (missing.get(piece) && !checking.get(piece) && source.holds.get(piece) && book.requesters(piece) == 1
                    && !book.isRequestedFrom(piece, source) && now - book.oldestRequest(piece) >= STRAGGLER_NANOS) {
                return piece;
            }
        }
        return -1;
    }

    /** Pipeline depth for {@code source}: deeper for faster sources. */
    int depthFor(SwarmSource source) {
        lock.lock();
        try {
            int byRate = (int) (source.rate * PIPELINE_SECONDS / manifest.pieceSize());
            return Math.max(MIN_PIPELINE, Math.min(MAX_PIPELINE, MIN_PIPELINE + byRate));
        } finally {
            lock.unlock();
        }
    }

    boolean holdsAll(SwarmSource source) {
        lock.lock();
        try {
            return source.holdsAll(manifest.pieceCount());
        } finally {
            lock.unlock();
        }
    }

    long serialOf(SwarmSource source) {
        lock.lock();
        try {
            return source.serial;
        } finally {
            lock.unlock();
        }
    }

    /** A session waits here when its source has nothing to do; woken by any change. */
    void awaitWork(long nanos) {
        lock.lock();
        try {
            if (running) {
                work.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** A source's whole bitfield (its first answer, or a refresh after NOT_HELD). */
    void bitfield(SwarmSource source, BitSet holds) {
        lock.lock();
        try {
            if (source.holds != null) {
                forEach(source.holds, piece -> availability[piece]--);
            }
            source.holds = holds;
            source.serial = holds.cardinality();
            forEach(holds, piece -> availability[piece]++);
            if (!source.holdsAll(manifest.pieceCount())) {
                otherFetchersKnown = true;
            }
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Pieces a source gained since we last asked. */
    void have(SwarmSource source, HaveResult have) throws IOException {
        for (int piece : have.pieces()) {
            if (piece >= manifest.pieceCount()) {
                throw new IOException(source + " says it holds piece " + piece + " of a file of " + manifest.pieceCount());
            }
        }
        lock.lock();
        try {
            if (source.holds == null) {
                return;
            }
            for (int piece : have.pieces()) {
                if (!source.holds.get(piece)) {
                    source.holds.set(piece);
                    availability[piece]++;
                }
            }
            source.serial = have.from() + have.pieces().size();
            if (have.total() == manifest.pieceCount()) {
                // It holds every piece (a download that completed and now serves the whole file, whose
                // have-log is 0..n-1 rather than the order its pieces came in): no entry needed.
                for (int piece = source.holds.nextClearBit(0); piece < manifest.pieceCount();
                     piece = source.holds.nextClearBit(piece + 1)) {
                    source.holds.set(piece);
                    availability[piece]++;
                }
                source.serial = have.total();
            }
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The bytes of {@code piece} arrived from {@code source}: verify them (elsewhere), unless already held. */
    void received(SwarmSource source, int piece, ByteBuffer buffer) {
        int length = buffer.remaining();
        metrics.received(length);
        lock.lock();
        try {
            book.remove(piece, source);
            if (!missing.get(piece) || checking.get(piece)) {
                source.wasted += length; // the end game's second copy
                buffers.give(buffer);
                return;
            }
            checking.set(piece);
            verifying++;
        } finally {
            lock.unlock();
        }
        verifier.submit(store, piece, source, buffer, buffers, this);
    }

    /**
     * RETRY_LATER: no upload slot at the source; its piece goes back, and it gets no GET for a while. Others are
     * downloading from it, most likely fetchers of the same file: from now on pieces are picked rarest first.
     */
    void busy(SwarmSource source, int piece, long retryAfterMillis) {
        lock.lock();
        try {
            otherFetchersKnown = true;
            book.remove(piece, source);
            source.retryAt = Math.max(source.retryAt, clock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(retryAfterMillis));
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The source refused a piece it does not hold after all (NOT_HELD): it goes back to the others. */
    void released(SwarmSource source, int piece) {
        lock.lock();
        try {
            book.remove(piece, source);
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A session ended; what it means for its source depends on how. */
    void ended(SourceSession session, SourceSession.Ending ending, String problem) {
        SwarmSource source = session.source();
        lock.lock();
        try {
            book.removeAll(source);
            if (source.holds != null) {
                forEach(source.holds, piece -> availability[piece]--);
                source.holds = null;
            }
            source.session = null;
            long now = clock.getAsLong();
            switch (ending) {
                case DONE, ABORTED -> {
                    if (source.state == SwarmSource.State.ACTIVE) {
                        source.state = source.failures >= MAX_FAILURES ? SwarmSource.State.GONE : SwarmSource.State.IDLE;
                    }
                }
                case DROPPED -> {
                    penalize(source, problem, now);
                    source.state = source.failures >= MAX_FAILURES ? SwarmSource.State.GONE : SwarmSource.State.IDLE;
                    LOG.infof("fetch of %s: %s failed (%s)%s", name, source, problem,
                            source.state == SwarmSource.State.GONE ? "; giving up on it" : "; will try it again");
                }
                case GONE -> {
                    source.state = SwarmSource.State.GONE;
                    source.problem = problem;
                    LOG.infof("fetch of %s: not using %s: %s", name, source, problem);
                }
                case BUSY -> {
                    source.state = SwarmSource.State.IDLE;
                    source.problem = problem;
                    source.retryAt = now + TimeUnit.SECONDS.toNanos(1);
                }
            }
            work.signalAll();
            change.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // --- called by verifiers ------------------------------------------------------------------------------

    @Override
    public void verified(int piece, SwarmSource source, int length) {
        long now = clock.getAsLong();
        lock.lock();
        try {
            verifying--;
            checking.clear(piece);
            if (!missing.get(piece)) {
                source.wasted += length;
            } else {
                missing.clear(piece);
                source.bytes += length;
                source.failures = 0;
                lastProgressAt = now;
            }
            rate(source, length, now);
            work.signalAll();
            if (missing.isEmpty() && verifying == 0) {
                change.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void corrupt(int piece, SwarmSource source, int length) {
        lock.lock();
        try {
            verifying--;
            checking.clear(piece);
            source.wasted += length;
            metrics.pieceRejected();
            if (source.state != SwarmSource.State.BANNED) {
                String reason = "piece " + piece + " failed its SHA-256 check";
                ban(source, reason);
                LOG.warnf("fetch of %s: banned %s for this file: %s; its pieces go to other sources", name, source, reason);
            }
            work.signalAll();
            change.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void unwritable(int piece, IOException failure) {
        lock.lock();
        try {
            verifying--;
            checking.clear(piece);
            if (running && unwritable == null) {
                unwritable = failure;
            }
            work.signalAll();
            change.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Holding the lock: bans {@code source} for this file and stops its session. */
    private void ban(SwarmSource source, String reason) {
        source.state = SwarmSource.State.BANNED;
        source.problem = reason;
        bans.ban(source.key(), source.name(), reason);
        if (source.session != null) {
            source.session.abort(reason);
        }
    }

    /** Bans every source that gave pieces to this attempt (its manifest was a lie). */
    public void banContributors(String reason) {
        lock.lock();
        try {
            sources.values().stream().filter(s -> s.bytes > 0).forEach(s -> ban(s, reason));
        } finally {
            lock.unlock();
        }
    }

    /** The IOException that ended the fetch as UNWRITABLE. */
    public IOException unwritableCause() {
        lock.lock();
        try {
            return unwritable;
        } finally {
            lock.unlock();
        }
    }

    /** Verified bytes per source, most first, and the wasted bytes (duplicates, corrupt pieces). */
    public record Tally(Map<String, Long> bytesBySource, long wasted, List<String> banned, List<String> problems) {
    }

    public Tally tally() {
        lock.lock();
        try {
            return tallyHoldingLock();
        } finally {
            lock.unlock();
        }
    }

    /** Holding the lock: tells the progress what is held, from whom, and who is banned. */
    private void report() {
        int active = (int) sources.values().stream().filter(s -> s.state == SwarmSource.State.ACTIVE).count();
        Tally tally = tallyHoldingLock();
        int held = manifest.pieceCount() - missing.cardinality();
        long bytes = (long) held * manifest.pieceSize();
        if (held > 0 && !missing.get(manifest.pieceCount() - 1)) {
            bytes -= manifest.pieceSize() - manifest.length(manifest.pieceCount() - 1); // the short last piece
        }
        progress.swarm(held, bytes, active, tally.bytesBySource(), tally.banned());
    }

    private Tally tallyHoldingLock() {
        Map<String, Long> bytes = new LinkedHashMap<>();
        sources.values().stream().filter(s -> s.bytes > 0)
                .sorted((a, b) -> Long.compare(b.bytes, a.bytes))
                .forEach(s -> bytes.merge(s.name(), s.bytes, Long::sum));
        long wasted = sources.values().stream().mapToLong(s -> s.wasted).sum();
        List<String> banned = sources.values().stream().filter(s -> s.state == SwarmSource.State.BANNED)
                .map(s -> s.name() + " (" + s.problem + ")").toList();
        List<String> problems = sources.values().stream()
                .filter(s -> s.problem != null && s.state != SwarmSource.State.BANNED)
                .map(s -> s.name() + ": " + s.problem).toList();
        return new Tally(bytes, wasted, banned, problems);
    }

    /** Holding the lock: the smoothed receive rate of {@code source}, for its pipeline depth. */
    private void rate(SwarmSource source, int length, long now) {
        if (source.lastPieceAt != 0) {
            double seconds = Math.max(1e-4, (now - source.lastPieceAt) / 1e9);
            double sample = length / seconds;
            source.rate = source.rate == 0 ? sample : 0.7 * source.rate + 0.3 * sample;
        }
        source.lastPieceAt = now;
    }

    private void stopSessions() {
        lock.lock();
        try {
            running = false;
            for (SwarmSource source : sources.values()) {
                if (source.session != null) {
                    source.session.abort("the fetch ended");
                }
            }
            work.signalAll();
            change.signalAll();
        } finally {
            lock.unlock();
        }
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        awaitVerifiers();
    }

    /** Waits until pieces handed to the verifier are reported, so nothing writes to the store after this. */
    private void awaitVerifiers() {
        lock.lock();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (verifying > 0 && System.nanoTime() < deadline) {
                work.awaitNanos(TICK_NANOS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private static void forEach(BitSet bits, java.util.function.IntConsumer action) {
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            action.accept(i);
        }
    }
}
