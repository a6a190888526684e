package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.FileSummary;
import io.peershare.protocol.api.PeerView;
import io.peershare.protocol.api.RegisterRequest;
import io.peershare.protocol.api.RegisterResponse;

import java.util.List;
import java.util.Optional;

/**
 * The tracker's soft state: which peers are registered and which files each offers. Memory today; the
 * interface is narrow so a shared store can replace it. Every method validates its input and throws a
 * {@link RegistryException} naming the rule that failed; none returns null.
 *
 * <p>Calls about one peer take the token from its registration: {@code null} → MISSING_TOKEN, another
 * peer's token → WRONG_TOKEN, unknown hostname → NOT_FOUND.
 */
public interface Registry {

    /** Fails as {@link #register} would, without changing anything (so a slow probe can run in between). */
    void checkRegistrable(RegisterRequest request);

    /**
     * Records a registration whose sender has proven it owns the name (its key: {@link Registration} checks
     * that first): a new name, or the owner again, with its token (same token, new address, files kept) or
     * without (new token, files cleared). A new name beyond the limit on peers → FULL.
     */
    RegisterResponse register(RegisterRequest request);

    /** Marks the peer as seen now. */
    RegisterResponse heartbeat(String hostname, String token);

    void unregister(String hostname, String token);

    /** Replaces the peer's whole file list. */
    void replaceFiles(String hostname, String token, List<FileEntry> files);

    /** Adds or updates these files, keeping the others. */
    void addFiles(String hostname, String token, List<FileEntry> files);

    /** Withdraws one file; withdrawing a file the peer does not list is a no-op (idempotent). */
    void withdrawFile(String hostname, String token, String name);

    /** All peers, sorted by hostname, with {@code live} computed now. */
    List<PeerView> peers();

    Optional<PeerView> peer(String hostname);

    /** The peer's files as last announced, sorted by name. */
    Optional<List<FileEntry>> files(String hostname);

    /** One summary per distinct (name, content) whose name matches {@code glob} ({@code *}, {@code ?}; null = all). */
    List<FileSummary> findFiles(String glob);

    /**
     * The live peers holding {@code name}, complete or partial, one {@link FileSources} per distinct
     * (sha256, size, manifest), most holders first, then most complete holders; {@code sha256} (or null)
     * restricts to one content. Each lists a fresh random sample of at most {@code limit} (1-200) of its
     * holders and counts all of them. None → NOT_FOUND.
     */
    List<FileSources> sources(String name, String sha256, int limit);

    /** {@link #sources(String, String, int)} with the default limit (50). */
    default List<FileSources> sources(String name, String sha256) {
        return sources(name, sha256, SourceSample.DEFAULT_LIMIT);
    }

    /** Drops peers silent for longer than the expiry; returns how many were dropped. */
    int sweep();
}
