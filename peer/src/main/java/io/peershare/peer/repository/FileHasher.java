package io.peershare.peer.repository;

import io.peershare.protocol.PieceHasher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hashes files (streaming, 1 MiB at a time): the whole file's SHA-256 and its piece manifest in one pass.
 * Counts how many files it hashed, so tests can see re-hashing.
 */
public final class FileHasher {

    static final int BUFFER_BYTES = 1 << 20;

    /** How a file to be read is opened: {@link FileChannel#open} but in tests, which make it fail (as root, too). */
    interface Opener {
        FileChannel open(Path file) throws IOException;
    }

    private final AtomicLong filesHashed = new AtomicLong();
    private final Opener opener;

    public FileHasher() {
        this(file -> FileChannel.open(file, StandardOpenOption.READ));
    }

    FileHasher(Opener opener) {
        this.opener = opener;
    }

    public PieceHasher.Result hash(Path file) throws IOException {
        filesHashed.incrementAndGet();
        PieceHasher hasher = new PieceHasher();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        try (FileChannel in = opener.open(file)) {
            while (in.read(buffer.clear()) >= 0) {
                hasher.update(buffer.flip());
            }
        }
        return hasher.finish();
    }

    /**
     * Copies {@code source} to the new file {@code target}, hashing the bytes as they pass, and fsyncs the copy.
     * Returns the digest and manifest of exactly the bytes written, whatever happens to the source meanwhile.
     */
    public PieceHasher.Result copy(Path source, Path target) throws IOException {
        filesHashed.incrementAndGet();
        PieceHasher hasher = new PieceHasher();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        try (FileChannel in = opener.open(source);
             FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (in.read(buffer.clear()) >= 0) {
                buffer.flip();
                hasher.update(buffer.duplicate());
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            out.force(true);
        }
        return hasher.finish();
    }

    /** How many files this hasher has read in full since it was made. */
    public long filesHashed() {
        return filesHashed.get();
    }
}
