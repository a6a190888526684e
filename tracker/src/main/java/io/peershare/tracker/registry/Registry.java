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

    /**
     * A page of the peers, sorted by hostname, with {@code live} computed now: at most {@code limit} (validated,
     * {@link PageSize#PEERS}) after the cursor's hostname ({@link Cursor}; null = from the first). A page costs
     * about its size, however many peers there are.
     */
    Page<PeerView> peers(String cursor, int limit);

    /** The number of peers and of live ones, without listing them (readiness asks every few seconds). */
    PeerCounts counts();

    /** The number of names shared and of distinct announcements, without listing them (metrics). */
    FileCounts fileCounts();

    /** All peers, sorted by hostname: every page of {@link #peers(String, int)} (tests, health). */
    default List<PeerView> peers() {
        return Page.all(cursor -> peers(cursor, PageSize.PEERS.max()));
    }

    Optional<PeerView> peer(String hostname);

    /**
     * A page of the peer's files as last announced, sorted by name, after the cursor's name ({@link PageSize#PEER_FILES});
     * empty when the peer is unknown.
     */
    Optional<Page<FileEntry>> files(String hostname, String cursor, int limit);

    /** The peer's files as last announced, sorted by name: every page. */
    default Optional<List<FileEntry>> files(String hostname) {
        Optional<Page<FileEntry>> first = files(hostname, null, PageSize.PEER_FILES.max());
        return first.map(page -> Page.all(page, cursor -> files(hostname, cursor, PageSize.PEER_FILES.max())
                .orElse(new Page<>(List.of(), null))));
    }

    /**
     * A page of the search: one summary per distinct (name, content) whose name matches {@code glob} ({@code *},
     * {@code ?}; null = all), in {@link NameOrder} then by sha256, after the cursor's (name, sha256)
     * ({@link PageSize#FILES}). It reads only the names on the page and their holders (plus, for a pattern, the
     * index's candidates), never every name.
     */
    Page<FileSummary> findFiles(String glob, String cursor, int limit);

    /** Every summary of the search: every page. */
    default List<FileSummary> findFiles(String glob) {
        return Page.all(cursor -> findFiles(glob, cursor, PageSize.FILES.max()));
    }

    /**
     * The live peers holding {@code name}, complete or partial, one {@link FileSources} per distinct
     * (sha256, size, manifest), most holders first, then most complete holders; {@code sha256} (or null)
     * restricts to one content. Each counts all its holders. Without a cursor, each lists a fresh random sample
     * of at most {@code limit} (1-200) of its holders, and the page's next cursor (when a sample left someone
     * out) starts the walk: with a cursor, the page lists the next {@code limit} live holders of the name
     * (of that content) in hostname order, each in its group. None at all → NOT_FOUND.
     */
    Page<FileSources> sources(String name, String sha256, String cursor, int limit);

    /** The sample (first page) of {@link #sources(String, String, String, int)}. */
    default List<FileSources> sources(String name, String sha256, int limit) {
        return sources(name, sha256, null, limit).items();
    }

    /** {@link #sources(String, String, int)} with the default limit (50). */
    default List<FileSources> sources(String name, String sha256) {
        return sources(name, sha256, SourceSample.DEFAULT_LIMIT);
    }

    /** Drops peers silent for longer than the expiry; returns how many were dropped. */
    int sweep();
}
