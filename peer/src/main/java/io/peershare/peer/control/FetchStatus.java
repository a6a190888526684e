package io.peershare.peer.control;

import io.peershare.peer.fetch.FetchProgress;

/**
 * {@code GET /control/v1/fetches/{id}}: {@code state} is one of LOCATING, DOWNLOADING, VERIFYING, DONE,
 * ALREADY_PRESENT, FAILED; {@code totalBytes} is -1 until known; {@code message} explains a final state.
 */
public record FetchStatus(String id, String name, String state, long bytesDone, long totalBytes, String source,
                          String message, String sha256) {

    public static FetchStatus of(FetchProgress p) {
        return new FetchStatus(p.id(), p.name(), p.state().name(), p.bytesDone(), p.totalBytes(), p.source(),
                p.message(), p.sha256());
    }

    public boolean finished() {
        return state.equals("DONE") || state.equals("ALREADY_PRESENT") || state.equals("FAILED");
    }
}
