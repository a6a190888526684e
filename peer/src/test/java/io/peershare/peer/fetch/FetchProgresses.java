package io.peershare.peer.fetch;

import io.peershare.peer.swarm.HeldPieces;

import java.util.List;
import java.util.Map;

/** Drives a {@link FetchProgress} by hand, as a fetch would, for tests of what reads it (the transfer reports). */
public final class FetchProgresses {

    private FetchProgresses() {
    }

    public static FetchProgress locating(String id, String name) {
        return new FetchProgress(id, name, null);
    }

    /** Now downloading a file of {@code size} bytes in {@code pieces.pieceCount()} pieces, holding {@code pieces}. */
    public static FetchProgress downloading(String id, String name, long size, HeldPieces pieces) {
        FetchProgress progress = locating(id, name);
        progress.target(size, pieces.pieceCount(), "ab".repeat(32));
        progress.holding(pieces);
        progress.state(FetchState.DOWNLOADING);
        return progress;
    }

    /** What the swarm says now: verified bytes by source, most first. */
    public static void gave(FetchProgress progress, int piecesHeld, long bytesHeld, Map<String, Long> bySource) {
        progress.swarm(piecesHeld, bytesHeld, bySource.size(), bySource, List.of());
    }

    public static void end(FetchProgress progress, FetchState state) {
        if (state == FetchState.DONE) {
            progress.done(progress.totalBytes(), progress.pieces());
        }
        progress.finish(state, state.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** A file found whole in the repository: its size known, its piece count not (as Fetcher does). */
    public static FetchProgress alreadyPresent(String id, String name, long size) {
        FetchProgress progress = locating(id, name);
        progress.target(size, -1, "cd".repeat(32));
        progress.done(size, 0);
        progress.finish(FetchState.ALREADY_PRESENT, "already here");
        return progress;
    }
}
