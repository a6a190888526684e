package io.peershare.peer.fetch;

/**
 * The live state of one fetch, written by the fetching thread and read by the control API. Each field is
 * volatile; a reader may see a mix of two moments, which is fine for a progress display.
 */
public final class FetchProgress {

    /** Message prefix of a fetch that failed because no peer ever offered the name (the shell exits 4). */
    public static final String UNKNOWN_FILE = "unknown file";

    private final String id;
    private final String name;
    private volatile FetchState state = FetchState.LOCATING;
    private volatile long bytesDone;
    private volatile long totalBytes = -1;
    private volatile String source;
    private volatile String message;
    private volatile String sha256;

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

    public long bytesDone() {
        return bytesDone;
    }

    /** Size of the file once known, else -1. */
    public long totalBytes() {
        return totalBytes;
    }

    public String source() {
        return source;
    }

    public String message() {
        return message;
    }

    public String sha256() {
        return sha256;
    }

    void state(FetchState state) {
        this.state = state;
    }

    void bytesDone(long bytesDone) {
        this.bytesDone = bytesDone;
    }

    void target(long totalBytes, String sha256) {
        this.totalBytes = totalBytes;
        this.sha256 = sha256;
    }

    void source(String source) {
        this.source = source;
    }

    void finish(FetchState state, String message) {
        this.message = message;
        this.state = state;
    }
}
