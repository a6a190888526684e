package io.peershare.tracker.registry;

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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tracker's durable memory of who owns which hostname: hostname → the peer's public key, the newest
 * registration timestamp seen from it (a replayed request is not newer) and when it was last used.
 * Unlike the registry it survives a restart: it lives in one text file, rewritten atomically (temp, fsync,
 * rename). A registration waits until its binding is on disk; waiting registrations share one write.
 *
 * <p>The file, one binding per line, {@code hostname publicKey lastTimestamp lastUsedEpochMillis}, is
 * meant to be read and edited by an operator: deleting a line while the tracker is stopped releases the name.
 */
public final class FileIdentityBook implements IdentityBook {

    private static final String HEADER = """
            # peershare tracker identity book: hostname publicKey lastTimestamp lastUsedEpochMillis
            # One line binds a hostname to a peer's Ed25519 key. To release a name, stop the tracker,
            # delete its line, start the tracker (docs/architecture.md, "Identity").
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
    private final Object saveLock = new Object();
    private long saved;

    private FileIdentityBook(Path file, Clock clock, Duration retention, int maxBindings) {
        this.file = file;
        this.clock = clock;
        this.retention = retention;
        this.maxBindings = maxBindings;
    }

    /** Loads {@code file} if it exists; a line that cannot be read stops the tracker with its number. */
    public static FileIdentityBook open(Path file, Clock clock, Duration retention, int maxBindings) {
        FileIdentityBook book = new FileIdentityBook(file, clock, retention, maxBindings);
        if (Files.exists(file)) {
            book.load();
        }
        return book;
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
            released += removed[0] ? 1 : 0;
        }
        if (released > 0) {
            version.incrementAndGet();
        }
        return released;
    }

    /** Returns once the file holds change {@code change} (or a later state); one write serves every waiter. */
    @Override
    public void awaitDurable(long change) throws IOException {
        synchronized (saveLock) {
            if (saved >= change) {
                return;
            }
            long target = version.get(); // every change numbered up to here is already in the map
            write(snapshot());
            saved = target;
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
        for (Map.Entry<String, Binding> e : new TreeMap<>(bindings).entrySet()) {
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

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        boolean posix = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }
}
