package io.peershare.peer.repository;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** The two steps that make a write durable and atomic: rename into place, then fsync the folder. */
public final class Durable {

    private Durable() {
    }

    /** Renames {@code source} over {@code target} atomically, then fsyncs the target's folder. */
    public static void moveAtomically(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + source + " to " + target
                    + " atomically; keep .peershare/tmp on the same file system as the repository", e);
        }
        fsyncDirectory(target.getParent());
    }

    /** Makes a rename in {@code dir} survive a crash; a no-op where the platform cannot open folders. */
    static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms and file systems refuse to open or sync a folder; the rename itself is still atomic.
        }
    }
}
