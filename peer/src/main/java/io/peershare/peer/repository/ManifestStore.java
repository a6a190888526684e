package io.peershare.peer.repository;

import io.peershare.protocol.PieceManifest;
import io.peershare.protocol.Sha256;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The piece manifests of the shared files, one binary file per content in {@code .peershare/manifests/},
 * named by the content's SHA-256 (two names with the same bytes share one). Written atomically; a file
 * that is unreadable or does not match its name is treated as absent, and the caller hashes the file again.
 *
 * <pre>
 * file = magic "PSMF" | format u8 (1) | piece_size u32 | file_size u64 | piece_count u32 | piece_count × 32 bytes
 * </pre>
 *
 * A few recently used manifests are kept in memory: a fetcher asks for the same manifest many times at once.
 * The cache is guarded by a {@link ReentrantLock}, not a monitor: the server's virtual threads use it.
 */
public final class ManifestStore {

    private static final int MAGIC = 0x50534D46; // "PSMF"
    private static final int FORMAT = 1;
    private static final int HEADER_BYTES = 4 + 1 + 4 + 8 + 4;
    private static final int CACHED = 16;

    private final Path dir;
    private final ReentrantLock cache = new ReentrantLock();
    private final Map<Sha256, PieceManifest> recent = new LinkedHashMap<>(CACHED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Sha256, PieceManifest> eldest) {
            return size() > CACHED;
        }
    };

    ManifestStore(Path dir) {
        this.dir = dir;
    }

    Path folder() {
        return dir;
    }

    void createFolder() throws IOException {
        Files.createDirectories(dir);
    }

    private Path path(Sha256 content) {
        return dir.resolve(content.hex() + ".manifest");
    }

    /** The manifest of {@code content}, if stored and intact. */
    public Optional<PieceManifest> load(Sha256 content) {
        cache.lock();
        try {
            PieceManifest cached = recent.get(content);
            if (cached != null) {
                return Optional.of(cached);
            }
        } finally {
            cache.unlock();
        }
        try {
            PieceManifest manifest = decode(Files.readAllBytes(path(content)));
            remember(content, manifest);
            return Optional.of(manifest);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether the manifest of {@code content} is stored with root {@code root}. */
    boolean has(Sha256 content, Sha256 root) {
        return load(content).map(m -> m.root().equals(root)).orElse(false);
    }

    /** Stores the manifest of {@code content} (atomically; replacing an older file). */
    public void save(Sha256 content, PieceManifest manifest) throws IOException {
        Durable.writeAtomically(path(content), encode(manifest));
        remember(content, manifest);
    }

    private void remember(Sha256 content, PieceManifest manifest) {
        cache.lock();
        try {
            recent.put(content, manifest);
        } finally {
            cache.unlock();
        }
    }

    /** Removes the manifests of contents not in {@code kept}; returns how many. */
    int retainOnly(Set<Sha256> kept) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.manifest")) {
            for (Path file : files) {
                String hex = file.getFileName().toString().replace(".manifest", "");
                if (!Sha256.isValidHex(hex) || !kept.contains(Sha256.parse(hex))) {
                    Files.deleteIfExists(file);
                    removed++;
                }
            }
        }
        cache.lock();
        try {
            recent.keySet().retainAll(kept);
        } finally {
            cache.unlock();
        }
        return removed;
    }

    /** The bytes of a manifest file (layout in the class comment). */
    public static byte[] encode(PieceManifest manifest) {
        byte[] hashes = manifest.hashBytes();
        return ByteBuffer.allocate(HEADER_BYTES + hashes.length)
                .putInt(MAGIC).put((byte) FORMAT).putInt(manifest.pieceSize()).putLong(manifest.fileSize())
                .putInt(manifest.pieceCount()).put(hashes).array();
    }

    /** Reads a manifest file's bytes; an IOException when they are not one. */
    public static PieceManifest decode(byte[] bytes) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < HEADER_BYTES || in.getInt() != MAGIC || in.get() != FORMAT) {
            throw new IOException("not a peershare manifest file");
        }
        int pieceSize = in.getInt();
        long fileSize = in.getLong();
        int count = in.getInt();
        if (count < 0 || (long) count * Sha256.LENGTH != in.remaining()) {
            throw new IOException("manifest file of the wrong length");
        }
        byte[] hashes = new byte[in.remaining()];
        in.get(hashes);
        try {
            return PieceManifest.of(fileSize, pieceSize, hashes);
        } catch (IllegalArgumentException e) {
            throw new IOException("inconsistent manifest file: " + e.getMessage(), e);
        }
    }
}
