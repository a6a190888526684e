package io.peershare.peer.fetch;

/** Where a fetch is; the last three are final. */
public enum FetchState {
    LOCATING, DOWNLOADING, VERIFYING, DONE, ALREADY_PRESENT, FAILED;

    public boolean finished() {
        return this == DONE || this == ALREADY_PRESENT || this == FAILED;
    }
}
