package io.peershare.peer.fetch;

import io.peershare.peer.swarm.HeldPieces;
import io.peershare.peer.swarm.SwarmProgress;
import io.peershare.protocol.api.TransferReport;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The live state of one fetch, written by the fetching threads and read by the control API. Each field is
 * volatile; a reader may see a mix of two moments, which is fine for a progress display.
 */
public final class FetchProgress implements SwarmProgress {

    /** Message prefix of a fetch that failed because no peer ever offered the name (the shell exits 4). */
    public static final String UNKNOWN_FILE = "unknown file";

    private final String id;
    private final String name;
    private volatile FetchState state = FetchState.LOCATING;
    private volatile long bytesDone;
    private volatile long totalBytes = -1;
    private volatile int pieces = -1;
    private volatile int piecesDone;
    private volatile int sources;
    private volatile Map<String, Long> bytesBySource = Map.of();
    private volatile List<String> banned = List.of();
    private volatile String message;
    private volatile String sha256;
    /** The open piece store's pieces, while there is one: read only when a transfer report is built. */
    private volatile HeldPieces held;
    /** A FAILED fetch's pieces at its end (a copy: the store and its have-log are let go). */
    private volatile BitSet heldAtEnd;
    private final CompletableFuture<FetchProgress> ended = new CompletableFuture<>();

    FetchProgress(String id, String name, String sha256) {
        this.id = id;
        this.name = name;
        this.sha256 = sha256;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public FetchState state() {
        return state;
    }

    /** Bytes of verified pieces held. */
    public long bytesDone() {
        return bytesDone;
    }

    /** Size of the file once known, else -1. */
    public long totalBytes() {
        return totalBytes;
    }

    /** Number of pieces of the file once known, else -1. */
    public int pieces() {
        return pieces;
    }

    public int piecesDone() {
        return piecesDone;
    }

    /** Sources connected now. */
    public int sources() {
        return sources;
    }

    /** Verified bytes each source gave, by host name, most first. */
    public Map<String, Long> bytesBySource() {
        return bytesBySource;
    }

    /** Sources banned for this file, each with the reason. */
    public List<String> banned() {
        return banned;
    }

    public String message() {
        return message;
    }

    public String sha256() {
        return sha256;
    }

    /**
     * The verified pieces held, copied on this call (the transfer reporter's, about once a second; never per
     * piece): live while a piece store is open, the last ones of a fetch that failed; empty otherwise (no store
     * yet, a whole file already here, or a finished one: DONE means every piece).
     */
    public Optional<BitSet> heldPieces() {
        HeldPieces live = held;
        if (live != null) {
            return Optional.of(live.snapshot());
        }
        BitSet last = heldAtEnd;
        return last == null ? Optional.empty() : Optional.of((BitSet) last.clone());
    }

    /**
     * This progress once the fetch has ended, or after {@code wait} if it has not by then, whichever is first:
     * lets a client wait for the end without polling (the control API's {@code ?wait=}).
     */
    public CompletionStage<FetchProgress> endedOr(Duration wait) {
        if (wait.isZero() || ended.isDone()) {
            return CompletableFuture.completedFuture(this);
        }
        return ended.copy().completeOnTimeout(this, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    void state(FetchState state) {
        this.state = state;
    }

    void target(long totalBytes, int pieces, String sha256) {
        this.totalBytes = totalBytes;
        this.pieces = pieces;
        this.sha256 = sha256;
    }

    /** A piece store is open for this fetch (also a resumed one, or the next group's after a refused one). */
    void holding(HeldPieces pieces) {
        this.held = pieces;
    }

    void done(long bytes, int piecesHeld) {
        this.bytesDone = bytes;
        this.piecesDone = piecesHeld;
    }

    @Override
    public void swarm(int piecesHeld, long bytesHeld, int sourcesInUse, Map<String, Long> bySource, List<String> bannedNow) {
        this.piecesDone = piecesHeld;
        this.bytesDone = bytesHeld;
        this.sources = sourcesInUse;
        this.bytesBySource = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(bySource));
        this.banned = List.copyOf(bannedNow);
    }

    void finish(FetchState state, String message) {
        this.message = message;
        this.sources = 0;
        HeldPieces last = held;
        if (state == FetchState.FAILED && last != null && last.pieceCount() <= TransferReport.MAX_BITFIELD_PIECES) {
            heldAtEnd = last.snapshot(); // at most 8 KiB, and Fetcher keeps a bounded number of ended fetches
        }
        this.state = state;
        held = null;
        ended.complete(this);
    }
}
