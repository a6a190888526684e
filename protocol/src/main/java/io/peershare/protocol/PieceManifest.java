package io.peershare.protocol;

import io.peershare.protocol.wire.WireLimits;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The pieces of one file (protocol version 2, docs/protocol.md "Pieces"): the file is cut into pieces of
 * {@code pieceSize} bytes (the last one shorter), and the manifest holds the SHA-256 of each. Its
 * {@link #root()} is what the tracker holds beside (name, size, sha256), so a manifest fetched from any
 * source can be checked before one piece is trusted:
 *
 * <pre>
 * root = SHA-256( piece_size u32 | file_size u64 | hash(piece 0) | hash(piece 1) | ... )
 * </pre>
 *
 * Immutable; the hashes are kept as one array of {@code 32 × pieceCount} bytes.
 */
public final class PieceManifest {

    private final long fileSize;
    private final int pieceSize;
    private final byte[] hashes;
    private final Sha256 root;

    private PieceManifest(long fileSize, int pieceSize, byte[] hashes) {
        this.fileSize = fileSize;
        this.pieceSize = pieceSize;
        this.hashes = hashes;
        this.root = computeRoot(fileSize, pieceSize, hashes);
    }

    /**
     * A manifest of {@code fileSize} bytes in pieces of {@code pieceSize}, from the piece hashes laid end to end.
     *
     * @throws IllegalArgumentException when the number of hashes does not match the geometry
     */
    public static PieceManifest of(long fileSize, int pieceSize, byte[] hashes) {
        if (pieceSize <= 0) {
            throw new IllegalArgumentException("piece size must be positive, got " + pieceSize);
        }
        int count = pieceCount(fileSize, pieceSize);
        if (hashes.length != (long) count * Sha256.LENGTH) {
            throw new IllegalArgumentException("a file of " + fileSize + " bytes has " + count + " pieces of " + pieceSize
                    + " bytes, but " + hashes.length / Sha256.LENGTH + " piece hashes were given");
        }
        return new PieceManifest(fileSize, pieceSize, hashes.clone());
    }

    /**
     * Number of pieces of a file: {@code ceil(fileSize / pieceSize)}, 0 for an empty file.
     *
     * @throws IllegalArgumentException when the file needs more than {@link WireLimits#MAX_PIECES} pieces
     */
    public static int pieceCount(long fileSize, int pieceSize) {
        if (fileSize < 0) {
            throw new IllegalArgumentException("file size must not be negative, got " + fileSize);
        }
        if (pieceSize <= 0) {
            throw new IllegalArgumentException("piece size must be positive, got " + pieceSize);
        }
        // ceilDiv, not (fileSize + pieceSize - 1) / pieceSize: the sum overflows for sizes near 2^63
        long count = Math.ceilDiv(fileSize, pieceSize);
        if (count > WireLimits.MAX_PIECES) {
            throw new IllegalArgumentException("a file of " + fileSize + " bytes needs " + count + " pieces; protocol "
                    + "version 2 allows " + WireLimits.MAX_PIECES + " (files up to "
                    + ((long) WireLimits.MAX_PIECES * pieceSize >> 40) + " TiB)");
        }
        return (int) count;
    }

    /** Whether a file of this size can be cut into pieces at all (see {@link #pieceCount}). */
    public static boolean fits(long fileSize) {
        return fileSize >= 0 && Math.ceilDiv(fileSize, WireLimits.PIECE_SIZE) <= WireLimits.MAX_PIECES;
    }

    public long fileSize() {
        return fileSize;
    }

    public int pieceSize() {
        return pieceSize;
    }

    public int pieceCount() {
        return hashes.length / Sha256.LENGTH;
    }

    public Sha256 root() {
        return root;
    }

    /** First byte of {@code piece} in the file. */
    public long offset(int piece) {
        check(piece);
        return (long) piece * pieceSize;
    }

    /** Bytes in {@code piece}: {@code pieceSize}, except for a shorter last piece. */
    public int length(int piece) {
        check(piece);
        return (int) Math.min(pieceSize, fileSize - (long) piece * pieceSize);
    }

    public Sha256 hash(int piece) {
        check(piece);
        return new Sha256(Arrays.copyOfRange(hashes, piece * Sha256.LENGTH, (piece + 1) * Sha256.LENGTH));
    }

    /** Whether {@code digest} (32 bytes) is the hash of {@code piece}. */
    public boolean matches(int piece, byte[] digest) {
        check(piece);
        return digest.length == Sha256.LENGTH
                && Arrays.equals(hashes, piece * Sha256.LENGTH, (piece + 1) * Sha256.LENGTH, digest, 0, Sha256.LENGTH);
    }

    /** The hashes of all pieces, end to end (a copy). */
    public byte[] hashBytes() {
        return hashes.clone();
    }

    private void check(int piece) {
        if (piece < 0 || piece >= pieceCount()) {
            throw new IndexOutOfBoundsException("piece " + piece + " of a file of " + pieceCount() + " pieces");
        }
    }

    /** The root of a manifest, without building one (see the class comment for the layout). */
    public static Sha256 computeRoot(long fileSize, int pieceSize, byte[] hashes) {
        MessageDigest digest = Sha256.newDigest();
        digest.update(ByteBuffer.allocate(12).putInt(pieceSize).putLong(fileSize).array());
        digest.update(hashes);
        return new Sha256(digest.digest());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PieceManifest that && fileSize == that.fileSize && pieceSize == that.pieceSize
                && Arrays.equals(hashes, that.hashes);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }

    @Override
    public String toString() {
        return "PieceManifest[" + fileSize + " bytes, " + pieceCount() + " pieces of " + pieceSize + ", root " + root.hex() + "]";
    }
}
