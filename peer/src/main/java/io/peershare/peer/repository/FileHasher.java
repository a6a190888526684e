package io.peershare.peer.repository;

import io.peershare.protocol.Sha256;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicLong;

/** Hashes files (streaming, 1 MiB at a time) and counts how many it hashed, so tests can see re-hashing. */
public final class FileHasher {

    static final int BUFFER_BYTES = 1 << 20;

    private final AtomicLong filesHashed = new AtomicLong();

    public Sha256 hash(Path file) throws IOException {
        filesHashed.incrementAndGet();
        MessageDigest digest = Sha256.newDigest();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            while (in.read(buffer.clear()) >= 0) {
                digest.update(buffer.array(), 0, buffer.position());
            }
        }
        return new Sha256(digest.digest());
    }

    /**
     * Copies {@code source} to the new file {@code target}, hashing the bytes as they pass, and fsyncs the copy.
     * Returns the digest of exactly the bytes written, whatever happens to the source meanwhile.
     */
    public Copy copy(Path source, Path target) throws IOException {
        filesHashed.incrementAndGet();
        MessageDigest digest = Sha256.newDigest();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        long size = 0;
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (in.read(buffer.clear()) >= 0) {
                buffer.flip();
                digest.update(buffer.array(), 0, buffer.limit());
                size += buffer.limit();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            out.force(true);
        }
        return new Copy(size, new Sha256(digest.digest()));
    }

    /** How many files this hasher has read in full since it was made. */
    public long filesHashed() {
        return filesHashed.get();
    }

    public record Copy(long size, Sha256 sha256) {
    }
}
