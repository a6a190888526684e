package io.peershare.protocol.wire;

import java.util.BitSet;
import java.util.Objects;

/**
 * (Version 2) The pieces the server holds, verified, of a file of {@code pieceCount} pieces: bit {@code i} of
 * {@code pieces} set = piece {@code i} held. On the wire piece 0 is the high bit of the first byte. The number
 * of pieces held is the server's HAVE serial at that moment (see {@link HaveRequest}).
 */
public record BitfieldResult(long pieceCount, BitSet pieces) implements Message {

    public BitfieldResult {
        Fields.requireU32("piece_count", pieceCount);
        if (pieceCount > WireLimits.MAX_PIECES) {
            throw new IllegalArgumentException("BITFIELD_RESULT piece_count " + pieceCount + " exceeds the limit of "
                    + WireLimits.MAX_PIECES);
        }
        Objects.requireNonNull(pieces, "pieces");
        if (pieces.length() > pieceCount) {
            throw new IllegalArgumentException("BITFIELD_RESULT sets bit " + (pieces.length() - 1) + " of a file of "
                    + pieceCount + " pieces");
        }
        pieces = (BitSet) pieces.clone();
    }

    @Override
    public BitSet pieces() {
        return (BitSet) pieces.clone();
    }

    /** How many pieces the server holds. */
    public int held() {
        return pieces.cardinality();
    }

    /** Bytes of the bitfield on the wire: one bit per piece, rounded up to whole bytes. */
    public static int byteLength(long pieceCount) {
        return (int) ((pieceCount + 7) / 8);
    }

    @Override
    public MessageType type() {
        return MessageType.BITFIELD_RESULT;
    }
}
