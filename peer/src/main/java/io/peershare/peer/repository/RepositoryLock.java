package io.peershare.peer.repository;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one daemon allowed on a repository: an exclusive lock on {@code <root>/.peershare/lock}, held while the
 * daemon runs. A second daemon on the same folder would clear the first one's copies in progress, fight over the
 * index and announce files it does not own; it is refused at start instead, with one line naming the repository
 * and the daemon that holds it. The lock is the operating system's (released when the process dies, even by
 * {@code kill -9}), so a stale lock file never blocks a restart; the file only carries the holder's pid for the
 * message.
 */
public final class RepositoryLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private RepositoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of the repository at {@code root}, or throws {@link RepositoryLockedException} at once. */
    public static RepositoryLock acquire(Path root) throws IOException {
        Path folder = root.toAbsolutePath().normalize();
        Path file = folder.resolve(Repository.RESERVED).resolve("lock");
        Files.createDirectories(file.getParent());
        // Not TRUNCATE_EXISTING: the holder's pid stays readable until this process holds the lock.
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very process (another daemon instance in the same JVM)
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = holder(channel);
            channel.close();
            throw new RepositoryLockedException("repository " + folder + " is in use by another peer daemon (" + holder
                    + "); stop that daemon or give this one another folder (PEER_REPOSITORY)");
        }
        byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(pid), 0);
        channel.force(false);
        return new RepositoryLock(channel, lock);
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(32);
            channel.read(buffer, 0);
            String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
            return pid.matches("[0-9]{1,19}") ? "pid " + pid : "pid unknown";
        } catch (IOException e) {
            return "pid unknown";
        }
    }

    /** Releases the lock; the file stays (removing it would race with a daemon starting meanwhile). */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing the channel releases the lock whatever happens; nothing to tell
        }
    }

    /** Another daemon holds the repository. */
    public static final class RepositoryLockedException extends IOException {
        public RepositoryLockedException(String message) {
            super(message);
        }
    }
}
