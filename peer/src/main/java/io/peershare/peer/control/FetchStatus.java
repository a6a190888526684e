package io.peershare.peer.control;

import io.peershare.peer.fetch.FetchProgress;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /control/v1/fetches/{id}}: {@code state} is one of LOCATING, DOWNLOADING, VERIFYING, DONE,
 * ALREADY_PRESENT, FAILED; {@code totalBytes} and {@code pieces} are -1 until known; {@code bytesDone} and
 * {@code piecesDone} count verified pieces; {@code sources} is how many sources are connected now;
 * {@code bytesBySource} the verified bytes each source gave; {@code banned} who was banned for this file and
 * why; {@code message} explains a final state.
 */
public record FetchStatus(String id, String name, String state, long bytesDone, long totalBytes, int pieces,
                          int piecesDone, int sources, Map<String, Long> bytesBySource, List<String> banned,
                          String message, String sha256) {

    public static FetchStatus of(FetchProgress p) {
        return new FetchStatus(p.id(), p.name(), p.state().name(), p.bytesDone(), p.totalBytes(), p.pieces(),
                p.piecesDone(), p.sources(), p.bytesBySource(), p.banned(), p.message(), p.sha256());
    }

    public boolean finished() {
        return state.equals("DONE") || state.equals("ALREADY_PRESENT") || state.equals("FAILED");
    }
}
