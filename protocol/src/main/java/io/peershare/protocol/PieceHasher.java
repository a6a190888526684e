package io.peershare.protocol;

import io.peershare.protocol.wire.WireLimits;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * Hashes a file as it streams past, in one pass: the SHA-256 of the whole file and the SHA-256 of every
 * piece (its manifest). Feed the bytes in order with {@link #update}, then call {@link #finish} once.
 * Not thread-safe.
 */
public final class PieceHasher {

    private final int pieceSize;
    private final MessageDigest whole = Sha256.newDigest();
    private final MessageDigest piece = Sha256.newDigest();
    private final ByteArrayOutputStream hashes = new ByteArrayOutputStream();
    private long size;
    private int inPiece;
    private boolean finished;

    public PieceHasher() {
        this(WireLimits.PIECE_SIZE);
    }

    public PieceHasher(int pieceSize) {
        if (pieceSize <= 0) {
            // a piece of 0 bytes would never end: update() would loop forever
            throw new IllegalArgumentException("piece size must be positive, got " + pieceSize);
        }
        this.pieceSize = pieceSize;
    }

    /** The file's SHA-256, its size and its manifest. */
    public record Result(long size, Sha256 sha256, PieceManifest manifest) {
    }

    /** Hashes the remaining bytes of {@code buffer} (its position moves to its limit). */
    public void update(ByteBuffer buffer) {
        requireOpen();
        while (buffer.hasRemaining()) {
            int take = Math.min(buffer.remaining(), pieceSize - inPiece);
            ByteBuffer slice = buffer.slice(buffer.position(), take);
            whole.update(slice.duplicate());
            piece.update(slice);
            buffer.position(buffer.position() + take);
            inPiece += take;
            size += take;
            if (inPiece == pieceSize) {
                endPiece();
            }
        }
    }

    public void update(byte[] bytes, int offset, int length) {
        update(ByteBuffer.wrap(bytes, offset, length));
    }

    private void requireOpen() {
        if (finished) {
            // the digests restarted at finish(): more bytes or a second result would be the hash of a fragment
            throw new IllegalStateException("this PieceHasher has finished; use a new one per file");
        }
    }

    private void endPiece() {
        hashes.writeBytes(piece.digest());
        inPiece = 0;
    }

    /** The result; the hasher is spent afterwards (its digests were reset by producing it). */
    public Result finish() {
        requireOpen();
        finished = true;
        if (inPiece > 0) {
            endPiece();
        }
        return new Result(size, new Sha256(whole.digest()), PieceManifest.of(size, pieceSize, hashes.toByteArray()));
    }

    /** Hashes bytes held in memory (tests, small files). */
    public static Result of(byte[] content) {
        PieceHasher hasher = new PieceHasher();
        hasher.update(content, 0, content.length);
        return hasher.finish();
    }
}
