package io.peershare.peer.swarm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peershare.peer.repository.Durable;
import io.peershare.peer.repository.ManifestStore;
import io.peershare.protocol.PieceManifest;
import io.peershare.protocol.Sha256;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.jboss.logging.Logger;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A file being fetched, in {@code .peershare/partial/}: its bytes ({@code <sha256>.data}, written piece by piece
 * at their offsets), the manifest it is verified against ({@code .manifest}), what it is ({@code .meta}), and a
 * one-byte-per-piece mark of the pieces written ({@code .have}).
 *
 * <p>Only verified pieces are ever written, and a piece is marked after its bytes. The mark is not fsynced:
 * after a crash of the process the kernel still holds it, after a power cut it may be lost; either way a
 * resumed download hashes every marked piece again before it counts as held, so nothing unverified is served
 * and a crash costs at most the piece that was being written.
 *
 * <p>Thread-safe: verifier threads write pieces concurrently (positional writes), the file server reads held
 * pieces, and a {@link WholeFileHasher} reads the contiguous prefix.
 */
public final class PieceStore implements Closeable {

    private static final Logger LOG = Logger.getLogger(PieceStore.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final ByteBuffer MARK = ByteBuffer.wrap(new byte[] {1}).asReadOnlyBuffer();
    /** Written bytes between two background flushes to disk. */
    static final long FLUSH_EVERY_BYTES = 64L << 20;
    /** One thread for the early write-backs of every download: they wait on the disk, not the CPU. */
    private static final ExecutorService FLUSHER = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("partial-flusher").daemon().factory());

    private final String name;
    private final Sha256 sha256;
    private final PieceManifest manifest;
    private final Path base;
    private final FileChannel data;
    private final FileChannel marks;
    private final HeldPieces held;
    private final WholeFileHasher wholeFile;
    private final int resumed;
    private final AtomicLong unflushed = new AtomicLong();
    private final AtomicBoolean flushing = new AtomicBoolean();

    private PieceStore(String name, Sha256 sha256, PieceManifest manifest, Path base, FileChannel data, FileChannel marks,
                       HeldPieces held, int resumed) {
        this.name = name;
        this.sha256 = sha256;
        this.manifest = manifest;
        this.base = base;
        this.data = data;
        this.marks = marks;
        this.held = held;
        this.resumed = resumed;
        this.wholeFile = new WholeFileHasher(name, data, manifest, held);
    }

    /** What {@code .meta} records. */
    @RegisterForReflection
    record Meta(int format, String name, long size, String sha256, String manifest) {
    }

    /**
     * Opens the partial download of {@code sha256} in {@code folder}: resumes the one there if it was made
     * against the same manifest (hashing its marked pieces again), else starts afresh.
     */
    public static PieceStore open(Path folder, String name, Sha256 sha256, PieceManifest manifest) throws IOException {
        Path base = folder.resolve(sha256.hex());
        boolean resume = sameManifest(base, manifest);
        if (!resume) {
            delete(base);
            Durable.writeAtomically(file(base, ".manifest"), ManifestStore.encode(manifest));
            Durable.writeAtomically(file(base, ".meta"), JSON.writeValueAsBytes(new Meta(1, name, manifest.fileSize(),
                    sha256.hex(), manifest.root().hex())));
        }
        FileChannel data = FileChannel.open(file(base, ".data"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileChannel marks;
        try {
            marks = FileChannel.open(file(base, ".have"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            data.close();
            throw e;
        }
        HeldPieces held = new HeldPieces(manifest.pieceCount());
        int resumed = 0;
        try {
            if (resume) {
                resumed = verifyMarked(data, marks, manifest, held);
            }
        } catch (IOException e) {
            data.close();
            marks.close();
            throw e;
        }
        PieceStore store = new PieceStore(name, sha256, manifest, base, data, marks, held, resumed);
        store.wholeFile.start();
        return store;
    }

    /** The partial download of {@code sha256} in {@code folder}, if there is one: its manifest root. */
    public static Optional<Sha256> manifestRootOf(Path folder, Sha256 sha256) {
        try {
            Meta meta = JSON.readValue(file(folder.resolve(sha256.hex()), ".meta").toFile(), Meta.class);
            return Optional.of(Sha256.parse(meta.manifest()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean sameManifest(Path base, PieceManifest manifest) {
        try {
            PieceManifest stored = ManifestStore.decode(Files.readAllBytes(file(base, ".manifest")));
            return stored.equals(manifest) && Files.exists(file(base, ".meta"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Hashes every marked piece; the ones that match are held, the others unmarked. Returns how many held. */
    private static int verifyMarked(FileChannel data, FileChannel marks, PieceManifest manifest, HeldPieces held)
            throws IOException {
        byte[] flags = new byte[manifest.pieceCount()];
        ByteBuffer flagBuffer = ByteBuffer.wrap(flags);
        while (flagBuffer.hasRemaining() && marks.read(flagBuffer, flagBuffer.position()) > 0) {
            // read the marks file; a short file means the remaining pieces were never marked
        }
        MessageDigest digest = Sha256.newDigest();
        ByteBuffer piece = ByteBuffer.allocate(manifest.pieceSize());
        for (int i = 0; i < flags.length; i++) {
            if (flags[i] != 1) {
                continue;
            }
            piece.clear().limit(manifest.length(i));
            while (piece.hasRemaining() && data.read(piece, manifest.offset(i) + piece.position()) > 0) {
                // fill the piece from the data file
            }
            digest.update(piece.array(), 0, piece.position());
            if (piece.position() == manifest.length(i) && manifest.matches(i, digest.digest())) {
                held.add(i);
            } else {
                digest.reset();
                marks.write(ByteBuffer.wrap(new byte[] {0}), i);
            }
        }
        return held.count();
    }

    public String name() {
        return name;
    }

    public Sha256 sha256() {
        return sha256;
    }

    public PieceManifest manifest() {
        return manifest;
    }

    public HeldPieces held() {
        return held;
    }

    /** Pieces found verified on disk when this download was opened (a resumed fetch). */
    public int resumedPieces() {
        return resumed;
    }

    /** The data file, for the file server to send held pieces from. */
    public Path dataFile() {
        return file(base, ".data");
    }

    /**
     * Writes a piece whose bytes were verified against the manifest, marks it, and makes it held (servable).
     * An IOException here is this peer's disk (full, failing), never the source's fault.
     */
    public void write(int piece, ByteBuffer bytes) throws IOException {
        if (bytes.remaining() != manifest.length(piece)) {
            throw new IllegalArgumentException("piece " + piece + " has " + manifest.length(piece) + " bytes, got "
                    + bytes.remaining());
        }
        ByteBuffer buffer = bytes.duplicate();
        long offset = manifest.offset(piece) - buffer.position();
        while (buffer.hasRemaining()) {
            data.write(buffer, offset + buffer.position());
        }
        marks.write(MARK.duplicate(), piece);
        if (held.add(piece)) {
            wholeFile.advance();
        }
        if (unflushed.addAndGet(bytes.remaining()) >= FLUSH_EVERY_BYTES) {
            flushInBackground();
        }
    }

    /**
     * Writes received data back to disk while the download goes on, so the fsync before the commit finds
     * little left to do: without it, the final fsync of a 1 GiB download alone costs a quarter of a second
     * here. At most one flush runs at a time; bytes written meanwhile wait for the next.
     */
    private void flushInBackground() {
        if (!flushing.compareAndSet(false, true)) {
            return;
        }
        unflushed.set(0);
        FLUSHER.execute(() -> {
            try {
                data.force(false);
            } catch (IOException e) {
                // Only an early write-back: finish() reports a real failure.
            } finally {
                flushing.set(false);
            }
        });
    }

    /**
     * With every piece held: checks the SHA-256 of the whole file (hashed along the way as the contiguous
     * prefix grew), then makes the data durable. Returns the data file, ready to be moved into the repository.
     *
     * @throws WholeFileMismatchException when the pieces, each matching the manifest, do not make the file
     */
    public Path finish() throws IOException, WholeFileMismatchException {
        if (!held.complete()) {
            throw new IllegalStateException(name + ": " + held.count() + " of " + manifest.pieceCount() + " pieces held");
        }
        Sha256 got = wholeFile.await();
        if (!got.equals(sha256)) {
            throw new WholeFileMismatchException(got, sha256);
        }
        data.force(true);
        return dataFile();
    }

    /** Stops the whole-file hasher and closes the files; the partial download stays on disk for a resume. */
    @Override
    public void close() {
        wholeFile.close();
        closeQuietly(data);
        closeQuietly(marks);
    }

    /** Closes and deletes every file of this download (after a commit, a disk error or a lying manifest). */
    public void discard() {
        close();
        try {
            delete(base);
        } catch (IOException e) {
            LOG.warnf("cannot delete the partial download %s: %s", base, e.getMessage());
        }
    }

    private static void delete(Path base) throws IOException {
        for (String suffix : Arrays.asList(".data", ".have", ".manifest", ".meta")) {
            Files.deleteIfExists(file(base, suffix));
        }
    }

    private static Path file(Path base, String suffix) {
        return base.resolveSibling(base.getFileName() + suffix);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debugf("closing %s", e.getMessage());
        }
    }

    /** The pieces were each right but together are not the file: the manifest described other bytes. */
    public static final class WholeFileMismatchException extends Exception {
        private final Sha256 got;

        WholeFileMismatchException(Sha256 got, Sha256 expected) {
            super("the pieces make a file with sha256 " + got.hex() + ", not " + expected.hex());
            this.got = got;
        }

        public Sha256 got() {
            return got;
        }
    }
}
