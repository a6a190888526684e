package io.peershare.protocol.wire;

import io.peershare.protocol.PieceManifest;
import io.peershare.protocol.Sha256;

import java.util.List;

/**
 * (Version 2) One page of a file's piece manifest: the file has {@code fileSize} bytes in {@code pieceCount}
 * pieces of {@code pieceSize} bytes (the last one shorter), and {@code hashes} are the SHA-256 of pieces
 * {@code start}, {@code start + 1}, ... Version 2 has one piece size, {@link WireLimits#PIECE_SIZE}.
 */
public record ManifestPage(long fileSize, long pieceSize, long pieceCount, long start, List<Sha256> hashes)
        implements Message {

    public ManifestPage {
        if (fileSize < 0) {
            throw new IllegalArgumentException("MANIFEST_RESULT file_size must not be negative, got " + fileSize);
        }
        if (pieceSize != WireLimits.PIECE_SIZE) {
            throw new IllegalArgumentException("MANIFEST_RESULT piece_size is " + pieceSize + "; version 2 pieces are "
                    + WireLimits.PIECE_SIZE + " bytes");
        }
        Fields.requireU32("piece_count", pieceCount);
        Fields.requireU32("start", start);
        if (pieceCount != PieceManifest.pieceCount(fileSize, (int) pieceSize)) {
            throw new IllegalArgumentException("MANIFEST_RESULT piece_count " + pieceCount + " does not fit file_size "
                    + fileSize + " (" + PieceManifest.pieceCount(fileSize, (int) pieceSize) + " pieces)");
        }
        hashes = List.copyOf(hashes);
        if (hashes.size() > WireLimits.MAX_MANIFEST_ENTRIES) {
            throw new IllegalArgumentException("a MANIFEST_RESULT holds at most " + WireLimits.MAX_MANIFEST_ENTRIES + " hashes");
        }
        if (start + hashes.size() > pieceCount) {
            throw new IllegalArgumentException("MANIFEST_RESULT page " + start + "+" + hashes.size()
                    + " exceeds piece_count " + pieceCount);
        }
    }

    @Override
    public MessageType type() {
        return MessageType.MANIFEST_RESULT;
    }
}
