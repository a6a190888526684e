package io.peershare.peer.repository;

import io.peershare.protocol.PieceHasher;
import io.peershare.protocol.PieceManifest;
import io.peershare.protocol.Sha256;
import io.peershare.protocol.SharedName;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The repository folder: {@code <root>/<name>} per shared file, {@code <root>/.peershare/index.json} mapping
 * name to size, mtime, SHA-256 and manifest root, {@code <root>/.peershare/manifests/} holding the piece
 * manifests, {@code <root>/.peershare/tmp/} for copies in progress (cleared at start) and
 * {@code <root>/.peershare/partial/} for downloads in progress (kept across restarts, so a fetch resumes).
 *
 * <p>Readers (the file server, the control API) see a lock-free name-ordered map; every change
 * (publish, commit of a download, re-index) holds {@link #changes}, installs the file by atomic rename
 * and saves the index atomically before telling the listeners. {@code changes} is a {@link ReentrantLock}, not a
 * {@code synchronized} monitor: re-indexing runs on virtual threads, and on JDK 21 a virtual thread blocked on a
 * monitor pins its carrier, so a few of them waiting on a long re-index could stop every virtual thread (the
 * tracker heartbeats among them).
 *
 * <p>A file that cannot be read (permissions, removed during the scan, an I/O error) is left out with one log
 * line; the other files are served. One daemon per repository: {@link RepositoryLock}.
 */
public final class Repository {

    public static final String RESERVED = ".peershare";
    private static final Logger LOG = Logger.getLogger(Repository.class);

    private final Path root;
    private final Path tmp;
    private final Path partial;
    private final IndexStore store;
    private final ManifestStore manifests;
    private final FileHasher hasher;
    private final ConcurrentSkipListMap<String, IndexEntry> entries = new ConcurrentSkipListMap<>();
    private final List<RepositoryListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> reindexing = ConcurrentHashMap.newKeySet();
    private final ReentrantLock changes = new ReentrantLock();

    private Repository(Path root, FileHasher hasher) {
        this.root = root.toAbsolutePath().normalize();
        this.tmp = this.root.resolve(RESERVED).resolve("tmp");
        this.partial = this.root.resolve(RESERVED).resolve("partial");
        this.store = new IndexStore(this.root.resolve(RESERVED).resolve("index.json"));
        this.manifests = new ManifestStore(this.root.resolve(RESERVED).resolve("manifests"));
        this.hasher = hasher;
    }

    /** Creates the folders if needed, clears leftovers of interrupted downloads, and scans. */
    public static Repository open(Path root, FileHasher hasher) throws IOException {
        Repository repository = new Repository(root, hasher);
        Files.createDirectories(repository.tmp);
        Files.createDirectories(repository.partial);
        repository.manifests.createFolder();
        repository.clearTemporaryFiles();
        repository.scan();
        return repository;
    }

    public Path root() {
        return root;
    }

    /** Where downloads in progress keep their pieces ({@code .peershare/partial/}); survives restarts. */
    public Path partialFolder() {
        return partial;
    }

    public void addListener(RepositoryListener listener) {
        listeners.add(listener);
    }

    /** Every shared file, ordered by name. */
    public List<IndexEntry> entries() {
        return List.copyOf(entries.values());
    }

    public Optional<IndexEntry> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    public int size() {
        return entries.size();
    }

    /**
     * Brings the index in line with the folder: files whose size and mtime match their entry keep their
     * hash; only new or changed files are read and hashed again.
     */
    public void scan() throws IOException {
        changes.lock();
        try {
            scanHoldingLock();
        } finally {
            changes.unlock();
        }
    }

    private void scanHoldingLock() throws IOException {
        Map<String, IndexEntry> before = entries.isEmpty() ? loadIndex() : Map.copyOf(entries);
        Map<String, IndexEntry> current = new ConcurrentSkipListMap<>();
        try (DirectoryStream<Path> folder = Files.newDirectoryStream(root)) {
            for (Path path : folder) {
                scanOneOrSkip(path, before).ifPresent(e -> current.put(e.name(), e));
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        // Update in place, never clear: the server reads the entries concurrently and must not see an empty index.
        List<String> gone = entries.keySet().stream().filter(name -> !current.containsKey(name)).toList();
        List<IndexEntry> changed = current.values().stream().filter(e -> !e.sameContent(entries.get(e.name()))).toList();
        gone.forEach(entries::remove);
        entries.putAll(current);
        if (!current.equals(before) || !Files.exists(store.path())) {
            store.save(entries.values());
        }
        manifests.retainOnly(current.values().stream().map(IndexEntry::sha256).collect(java.util.stream.Collectors.toSet()));
        gone.forEach(name -> listeners.forEach(l -> l.removed(name)));
        changed.forEach(entry -> listeners.forEach(l -> l.added(entry)));
        if (!gone.isEmpty() || !changed.isEmpty()) {
            LOG.infof("repository %s: %d files shared (%d new or changed, %d gone)", root, entries.size(), changed.size(), gone.size());
        }
    }

    /** One file of a scan; a file that cannot be read is left out with one line, and the scan goes on. */
    private Optional<IndexEntry> scanOneOrSkip(Path path, Map<String, IndexEntry> previous) {
        try {
            return scanOne(path, previous);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("not sharing %s: cannot read it (%s); the other files are shared, fix it and it is picked up"
                    + " at the next scan", path, reason(e));
            return Optional.empty();
        }
    }

    private static String reason(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "removed during the scan";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private Optional<IndexEntry> scanOne(Path path, Map<String, IndexEntry> previous) throws IOException {
        String name = path.getFileName().toString();
        if (name.equals(RESERVED)) {
            return Optional.empty();
        }
        String problem = SharedName.problem(name);
        if (problem != null) {
            LOG.warnf("not sharing %s: %s", path, problem);
            return Optional.empty();
        }
        FileStamp stamp = FileStamp.of(path);
        if (!stamp.regularFile()) {
            LOG.warnf("not sharing %s: only regular files are shared", path);
            return Optional.empty();
        }
        if (!PieceManifest.fits(stamp.size())) {
            LOG.warnf("not sharing %s: %d bytes is more than protocol version 2 can cut into pieces", path, stamp.size());
            return Optional.empty();
        }
        IndexEntry known = previous.get(name);
        if (known != null && stamp.matches(known) && manifests.has(known.sha256(), known.manifest())) {
            // An entry of an older index (no ctime) takes this stat's ctime and file key from now on.
            return Optional.of(IndexEntry.of(name, stamp, known.sha256(), known.manifest()));
        }
        // Stamped before reading: a write during the hashing leaves a stamp that no longer matches, so it is caught.
        PieceHasher.Result hashed = hasher.hash(path);
        if (hashed.size() != stamp.size()) {
            throw new FileChangedException(name + " changed while it was being hashed");
        }
        manifests.save(hashed.sha256(), hashed.manifest());
        return Optional.of(IndexEntry.of(name, stamp, hashed.sha256(), hashed.manifest().root()));
    }

    private Map<String, IndexEntry> loadIndex() {
        Map<String, IndexEntry> map = new ConcurrentSkipListMap<>();
        try {
            store.load().forEach(e -> map.put(e.name(), e));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("ignoring unreadable index in %s (every file will be hashed again): %s", root, e.getMessage());
        }
        return map;
    }

    /**
     * Copies {@code localPath} into the repository as {@code name}, hashing while copying, so that later
     * edits or deletion of the original change nothing.
     */
    public PublishResult publish(Path localPath, String name, boolean replace) {
        checkName(name);
        LocalFile.check(localPath);
        LocalFile.checkSize(localPath);
        Path temp = newTempFile("publish");
        try {
            PieceHasher.Result copy = copyIn(localPath, temp);
            changes.lock();
            try {
                IndexEntry existing = entries.get(name);
                if (existing != null && existing.sha256().equals(copy.sha256())) {
                    return new PublishResult(existing, PublishResult.Outcome.UNCHANGED);
                }
                if (!replace && (existing != null || Files.exists(root.resolve(name), LinkOption.NOFOLLOW_LINKS))) {
                    throw conflict(name, existing);
                }
                manifests.save(copy.sha256(), copy.manifest());
                IndexEntry entry = install(temp, name, copy.size(), copy.sha256(), copy.manifest().root());
                return new PublishResult(entry, existing == null ? PublishResult.Outcome.PUBLISHED : PublishResult.Outcome.REPLACED);
            } finally {
                changes.unlock();
            }
        } catch (IOException e) {
            throw new RepositoryException(RepositoryException.Kind.IO,
                    "cannot publish " + localPath + " as " + name + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Copies the file to publish; the daemon being unable to read it is the caller's to fix, not a failure of ours. */
    private PieceHasher.Result copyIn(Path localPath, Path temp) throws IOException {
        try {
            return hasher.copy(localPath, temp);
        } catch (AccessDeniedException e) {
            if (localPath.toString().equals(e.getFile())) {
                throw new RepositoryException(RepositoryException.Kind.INVALID_INPUT, "cannot read " + localPath
                        + ": permission denied (the daemon reads it as its own user; make it readable to that user)", e);
            }
            throw e;
        }
    }

    /**
     * Makes a verified download visible under {@code name}. Returns the existing entry when the same
     * content is already there; refuses to overwrite other content.
     */
    public PublishResult commitDownload(Path temp, String name, Sha256 sha256, PieceManifest manifest) {
        checkName(name);
        changes.lock();
        try {
            IndexEntry existing = entries.get(name);
            if (existing != null && existing.sha256().equals(sha256)) {
                return new PublishResult(existing, PublishResult.Outcome.UNCHANGED);
            }
            if (existing != null || Files.exists(root.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                throw conflict(name, existing);
            }
            manifests.save(sha256, manifest);
            return new PublishResult(install(temp, name, manifest.fileSize(), sha256, manifest.root()),
                    PublishResult.Outcome.PUBLISHED);
        } catch (IOException e) {
            throw new RepositoryException(RepositoryException.Kind.IO, "cannot store " + name + ": " + e.getMessage(), e);
        } finally {
            changes.unlock();
            deleteQuietly(temp);
        }
    }

    /** Holding the lock: rename into place, record, save the index, tell the listeners. */
    private IndexEntry install(Path temp, String name, long size, Sha256 sha256, Sha256 manifest) throws IOException {
        Path target = root.resolve(name);
        Durable.moveAtomically(temp, target);
        // Stamped after the rename, which sets the ctime.
        IndexEntry entry = IndexEntry.of(name, FileStamp.of(target), sha256, manifest);
        entries.put(name, entry);
        store.save(entries.values());
        listeners.forEach(l -> l.added(entry));
        return entry;
    }

    private static RepositoryException conflict(String name, IndexEntry existing) {
        String what = existing == null ? "a file not yet indexed"
                : "other content (" + existing.size() + " bytes, sha256 " + existing.sha256().hex().substring(0, 12) + "…)";
        return new RepositoryException(RepositoryException.Kind.CONFLICT,
                "'" + name + "' already holds " + what + "; use --replace to overwrite it");
    }

    private static void checkName(String name) {
        String problem = SharedName.problem(name);
        if (problem != null) {
            throw new RepositoryException(RepositoryException.Kind.INVALID_INPUT, problem);
        }
        if (name.equals(RESERVED)) {
            throw new RepositoryException(RepositoryException.Kind.INVALID_INPUT,
                    "file name '" + RESERVED + "' is reserved for the repository's own data; choose another name");
        }
    }

    /**
     * The piece manifest of a shared file. Normally read from the manifest store; if its file was lost, the
     * shared file is hashed again (and re-indexed when it no longer matches its entry).
     */
    public PieceManifest manifest(IndexEntry entry) throws IOException {
        Optional<PieceManifest> stored = manifests.load(entry.sha256()).filter(m -> m.root().equals(entry.manifest()));
        if (stored.isPresent()) {
            return stored.get();
        }
        PieceHasher.Result hashed = hasher.hash(root.resolve(entry.name()));
        if (!hashed.sha256().equals(entry.sha256())) {
            reindexLater(entry.name());
            throw new FileChangedException(entry.name() + " changed on disk since it was indexed; re-indexing");
        }
        manifests.save(hashed.sha256(), hashed.manifest());
        return hashed.manifest();
    }

    /**
     * Opens a shared file for sending, after checking it still has the size, mtime, ctime and file key of its
     * entry (stat after opening: a file swapped in before the open has another key; one swapped in after is not the
     * one being sent). If not,
     * schedules a re-index and throws: the caller answers ERROR instead of sending bytes under a stale hash.
     */
    public FileChannel openForServing(IndexEntry entry) throws IOException {
        Path path = root.resolve(entry.name());
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            reindexLater(entry.name());
            throw new FileChangedException(entry.name() + " was removed from the repository folder; re-indexing");
        }
        try {
            if (channel.size() != entry.size() || !FileStamp.of(path).matches(entry)) {
                throw new FileChangedException(entry.name() + " changed on disk since it was indexed; re-indexing");
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (e instanceof FileChangedException) {
                reindexLater(entry.name());
            }
            throw e;
        }
    }

    /** Re-indexes one file in the background (once, however many connections noticed the change). */
    public void reindexLater(String name) {
        if (reindexing.add(name)) {
            Thread.ofVirtual().name("reindex-" + name).start(() -> {
                try {
                    reindex(name);
                } catch (IOException | RuntimeException e) {
                    LOG.warnf("re-indexing %s failed: %s", name, e.getMessage());
                } finally {
                    reindexing.remove(name);
                }
            });
        }
    }

    /** Brings one entry in line with the folder: gone → removed, changed → hashed again. */
    public void reindex(String name) throws IOException {
        changes.lock();
        try {
            reindexHoldingLock(name);
        } finally {
            changes.unlock();
        }
    }

    private void reindexHoldingLock(String name) throws IOException {
        Path path = root.resolve(name);
        Optional<IndexEntry> fresh = Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                ? scanOne(path, Map.copyOf(entries)) : Optional.empty();
        if (fresh.isEmpty()) {
            if (entries.remove(name) != null) {
                store.save(entries.values());
                LOG.infof("%s is gone from the repository folder; no longer shared", name);
                listeners.forEach(l -> l.removed(name));
            }
            return;
        }
        IndexEntry before = entries.get(name);
        if (!fresh.get().equals(before)) {
            entries.put(name, fresh.get());
            store.save(entries.values());
            if (!fresh.get().sameContent(before)) {
                LOG.infof("%s changed on disk; re-indexed as sha256 %s", name, fresh.get().sha256().hex());
                listeners.forEach(l -> l.added(fresh.get()));
            }
        }
    }

    /** A fresh path in {@code .peershare/tmp/} (not created), on the repository's file system so renames are atomic. */
    public Path newTempFile(String purpose) {
        return tmp.resolve(purpose + "-" + UUID.randomUUID() + ".part");
    }

    /**
     * Clears what interrupted writes left: copies in {@code .peershare/tmp/} and the temporary files of atomic
     * writes ({@code *.tmp} beside index.json and the manifests; see {@link Durable#writeAtomically}). Safe because
     * one daemon runs per repository ({@link RepositoryLock}, taken before this).
     */
    private void clearTemporaryFiles() throws IOException {
        int cleared = clear(tmp, "*") + clear(root.resolve(RESERVED), "*.tmp") + clear(manifests.folder(), "*.tmp");
        if (cleared > 0) {
            LOG.infof("repository %s: cleared %d temporary files left by an interrupted write", root, cleared);
        }
    }

    private static int clear(Path folder, String glob) throws IOException {
        int cleared = 0;
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(folder, glob)) {
            for (Path leftover : leftovers) {
                if (Files.isRegularFile(leftover, LinkOption.NOFOLLOW_LINKS)) {
                    deleteQuietly(leftover);
                    cleared++;
                }
            }
        }
        return cleared;
    }

    static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warnf("cannot delete %s: %s", path, e.getMessage());
        }
    }
}
