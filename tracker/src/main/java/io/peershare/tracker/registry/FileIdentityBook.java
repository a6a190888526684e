package io.peershare.tracker.registry;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tracker's durable memory of who owns which hostname: hostname → the peer's public key, the newest
 * registration timestamp seen from it (a replayed request is not newer) and when it was last used.
 * Unlike the registry it survives a restart: it lives in a snapshot file and a journal beside it
 * ({@link IdentityJournal}). A registration waits until its binding is appended to the journal and fsynced;
 * waiting registrations share one append (group commit), so a batch costs its own records, not the whole book.
 * Once the journal holds as many records as the snapshot has bindings (at least 10,000), it is folded into a
 * new snapshot (temp, fsync, rename) on a thread of its own; at startup the journal is folded too.
 *
 * <p>The snapshot, one binding per line, {@code hostname publicKey lastTimestamp lastUsedEpochMillis}, is
 * meant to be read and edited by an operator: deleting a name's line there and in the journal while the
 * tracker is stopped releases the name.
 */
public final class FileIdentityBook implements IdentityBook {

    private static final Logger LOG = Logger.getLogger(FileIdentityBook.class);
    static final int DEFAULT_COMPACT_AFTER = 10_000;
    private static final String HEADER = """
            # peershare tracker identity book: hostname publicKey lastTimestamp lastUsedEpochMillis
            # One line binds a hostname to a peer's Ed25519 key. To release a name, stop the tracker,
            # delete its line here and in identities.journal, start the tracker (docs/architecture.md, "Identity").
            """;
    /** Heartbeats refresh a binding's last use in memory at most this often, so they cost no disk write. */
    private static final Duration TOUCH_GRANULARITY = Duration.ofHours(1);

    /** One hostname's owner. */
    private record Binding(String publicKey, long lastTimestamp, Instant lastUsed) {
    }

    private final Path file;
    private final Clock clock;
    private final Duration retention;
    private final int maxBindings;
    private final ConcurrentHashMap<String, Binding> bindings = new ConcurrentHashMap<>();
    /** Counts changes; {@link #saved} is the count the file holds. */
    private final AtomicLong version = new AtomicLong();
    /** The names changed since the last append: their current state (or their absence) goes to the journal. */
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final Object saveLock = new Object();
    private final IdentityJournal journal;
    /** The journal is folded once it holds this many records and as many as the last snapshot's bindings. */
    private final int compactAfter;
    /** Bindings in the last snapshot written: folding after as many records keeps the cost per record constant. */
    private volatile int snapshotBindings;
    private final AtomicBoolean compacting = new AtomicBoolean();
    private volatile Thread compaction;
    private long saved;

    private FileIdentityBook(Path file, Clock clock, Duration retention, int maxBindings, int compactAfter) {
        this.file = file;
        this.clock = clock;
        this.retention = retention;
        this.maxBindings = maxBindings;
        this.compactAfter = compactAfter;
        this.journal = new IdentityJournal(file);
    }

    /**
     * Loads the snapshot {@code file} if it exists, replays its journal and folds the journal into a new snapshot;
     * a line that cannot be read stops the tracker with its file and number.
     */
    public static FileIdentityBook open(Path file, Clock clock, Duration retention, int maxBindings) {
        return open(file, clock, retention, maxBindings, DEFAULT_COMPACT_AFTER);
    }

    static FileIdentityBook open(Path file, Clock clock, Duration retention, int maxBindings, int compactAfter) {
        FileIdentityBook book = new FileIdentityBook(file, clock, retention, maxBindings, compactAfter);
        if (Files.exists(file)) {
            book.load();
        }
        int replayed = book.journal.replay(book::apply);
        if (replayed > 0 || book.journal.exists()) {
            try {
                book.write(book.snapshot()); // fold at start: the operator's edits and a torn tail end here
                book.journal.discardAll();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot fold the identity book journal into " + file + ": "
                        + e.getMessage(), e);
            }
        }
        return book;
    }

    /** One journal record: the name's state, or its release ({@code binding} null). */
    private void apply(String hostname, String[] binding) {
        if (binding == null) {
            bindings.remove(hostname);
        } else {
            bindings.put(hostname, new Binding(binding[0], Long.parseLong(binding[1]),
                    Instant.ofEpochMilli(Long.parseLong(binding[2]))));
        }
    }

    private void load() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the identity book " + file + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            try {
                if (fields.length != 4) {
                    throw new IllegalArgumentException("expected 4 fields, found " + fields.length);
                }
                RequestValidation.hostname(fields[0]);
                bindings.put(fields[0], new Binding(fields[1], Long.parseLong(fields[2]),
                        Instant.ofEpochMilli(Long.parseLong(fields[3]))));
            } catch (RuntimeException e) {
                throw new IllegalStateException("the identity book " + file + " line " + (i + 1) + " is not "
                        + "'hostname publicKey lastTimestamp lastUsedEpochMillis' (" + e.getMessage()
                        + "); fix or delete that line", e);
            }
        }
        snapshotBindings = bindings.size();
    }

    /** Refuses, as {@link #bind} would, without changing anything (so the slow probe can run in between). */
    @Override
    public void check(String hostname, String publicKey, long timestamp) {
        Binding existing = bindings.get(hostname);
        if (existing != null) {
            refuseIfNotOwner(hostname, existing, publicKey, timestamp, clock.instant());
        } else if (bindings.size() >= maxBindings) {
            throw full();
        }
    }

    /**
     * Binds {@code hostname} to {@code publicKey} (a new name, a name whose binding is past the retention, or
     * the owner again) and returns the change's number for {@link #awaitDurable}. Another key's name →
     * NAME_TAKEN; a timestamp not newer than the owner's last one → BAD_SIGNATURE (a replay).
     */
    @Override
    public long bind(String hostname, String publicKey, long timestamp) {
        Instant now = clock.instant();
        bindings.compute(hostname, (name, existing) -> {
            if (existing == null && bindings.size() >= maxBindings) {
                throw full();
            }
            if (existing != null) {
                refuseIfNotOwner(name, existing, publicKey, timestamp, now);
            }
            return new Binding(publicKey, timestamp, now);
        });
        dirty.add(hostname); // before the number: whoever saves up to this number finds the name
        return version.incrementAndGet();
    }

    private void refuseIfNotOwner(String hostname, Binding existing, String publicKey, long timestamp, Instant now) {
        if (isReleased(existing, now)) {
            return;
        }
        if (!existing.publicKey().equals(publicKey)) {
            throw IdentityBook.taken(hostname, existing.lastUsed(), now);
        }
        if (timestamp <= existing.lastTimestamp()) {
            throw IdentityBook.replay(hostname, timestamp);
        }
    }

    private boolean isReleased(Binding binding, Instant now) {
        return binding.lastUsed().plus(retention).isBefore(now);
    }

    private static RegistryException full() {
        return IdentityBook.full();
    }

    /** A heartbeat: the binding stays in use. In memory, at most once per hour per name; saved by {@link #flush}. */
    @Override
    public void touch(String hostname) {
        Instant now = clock.instant();
        Binding before = bindings.get(hostname);
        if (before == null || before.lastUsed().plus(TOUCH_GRANULARITY).isAfter(now)) {
            return;
        }
        bindings.computeIfPresent(hostname, (name, b) -> new Binding(b.publicKey(), b.lastTimestamp(), now));
        dirty.add(hostname);
        version.incrementAndGet();
    }

    /** Releases the bindings unused for longer than the retention; returns how many. */
    @Override
    public int expire() {
        Instant now = clock.instant();
        int released = 0;
        for (String hostname : bindings.keySet()) {
            boolean[] removed = {false};
            bindings.computeIfPresent(hostname, (name, b) -> {
                removed[0] = isReleased(b, now);
                return removed[0] ? null : b;
            });
            if (removed[0]) {
                dirty.add(hostname);
            }
            released += removed[0] ? 1 : 0;
        }
        if (released > 0) {
            version.incrementAndGet();
        }
        return released;
    }

    /**
     * Returns once the journal holds change {@code change} (or a later state); one append and one fsync serve
     * every waiter. A change that fails to save stays pending: its name goes back to the next append.
     */
    @Override
    public void awaitDurable(long change) throws IOException {
        synchronized (saveLock) {
            if (saved >= change) {
                return;
            }
            long target = version.get(); // every change numbered up to here has its name in dirty already
            List<String> names = new ArrayList<>();
            StringBuilder records = new StringBuilder();
            for (String name : dirty) {
                dirty.remove(name); // before reading the state: a later change marks the name again
                names.add(name);
                Binding b = bindings.get(name);
                records.append(b == null ? IdentityJournal.release(name)
                        : IdentityJournal.bind(name, b.publicKey(), b.lastTimestamp(), b.lastUsed().toEpochMilli()));
            }
            try {
                journal.append(records.toString(), names.size());
            } catch (IOException | RuntimeException e) {
                dirty.addAll(names);
                throw e;
            }
            saved = target;
            if (journal.records() >= Math.max(compactAfter, snapshotBindings)) {
                compactInBackground();
            }
        }
    }

    /**
     * Starts folding the journal into a new snapshot unless a fold runs already. The journal is set aside first,
     * so appends go on into a fresh one meanwhile; the snapshot, taken after that, is newer than every record
     * set aside, and replaying those records then the fresh journal over it (a crash mid-fold) ends in the same state.
     */
    private void compactInBackground() throws IOException {
        if (!compacting.compareAndSet(false, true)) {
            return;
        }
        try {
            journal.setAside();
        } catch (IOException | RuntimeException e) {
            compacting.set(false);
            throw e;
        }
        compaction = Thread.ofPlatform().name("identity-book-compaction").daemon().start(() -> {
            try {
                write(snapshot());
                journal.discardSetAside();
            } catch (IOException | RuntimeException e) {
                LOG.errorf("folding the identity book journal into %s failed (retried after the next %d records): %s",
                        file, compactAfter, e.getMessage());
            } finally {
                compacting.set(false);
            }
        });
    }

    /** Waits for a running fold of the journal (tests). */
    void awaitCompaction() throws InterruptedException {
        Thread running = compaction;
        if (running != null) {
            running.join();
        }
    }

    /** Saves the changes not yet on disk (heartbeat touches, releases); called by the sweeper and at shutdown. */
    @Override
    public void flush() throws IOException {
        awaitDurable(version.get());
    }

    @Override
    public int size() {
        return bindings.size();
    }

    /** Where the book lives (for the startup log line). */
    public Path file() {
        return file;
    }

    @Override
    public String describe() {
        return "identity book " + file.toAbsolutePath();
    }

    private String snapshot() {
        StringBuilder text = new StringBuilder(HEADER);
        TreeMap<String, Binding> sorted = new TreeMap<>(bindings);
        snapshotBindings = sorted.size();
        for (Map.Entry<String, Binding> e : sorted.entrySet()) {
            Binding b = e.getValue();
            text.append(e.getKey()).append(' ').append(b.publicKey()).append(' ').append(b.lastTimestamp()).append(' ')
                    .append(b.lastUsed().toEpochMilli()).append('\n');
        }
        return text.toString();
    }

    /** Temp file (owner-only), fsync, atomic rename, fsync the folder: a crash leaves the old book or the new. */
    private void write(String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir, ownerOnly("rwx------"));
        Path temp = dir.resolve(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createFile(temp, ownerOnly("rw-------"));
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + file + " atomically", e);
            }
            try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
                folder.force(true);
            } catch (IOException e) {
                // Some file systems cannot sync a folder; the rename itself is still atomic.
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static FileAttribute<?>[] ownerOnly(String permissions) {
        boolean posix = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }
}
