package io.peershare.peer.report;

import java.util.Base64;
import java.util.BitSet;

/** The held pieces of a {@link io.peershare.protocol.api.Transfer}, as its {@code held} field carries them. */
final class Bitfield {

    private Bitfield() {
    }

    /**
     * Base64 (standard alphabet, padded) of {@code ceil(pieces / 8)} bytes: piece {@code i} is bit {@code 7 - i % 8}
     * of byte {@code i / 8}, as on the wire (BITFIELD_RESULT); bits of {@code held} at or beyond {@code pieces} are
     * left out, and the spare low bits of the last byte are 0.
     */
    static String encode(BitSet held, int pieces) {
        byte[] bits = new byte[(pieces + 7) / 8];
        for (int i = held.nextSetBit(0); i >= 0 && i < pieces; i = held.nextSetBit(i + 1)) {
            bits[i >>> 3] |= (byte) (0x80 >>> (i & 7));
        }
        return Base64.getEncoder().encodeToString(bits);
    }

    /** Every one of {@code pieces} held. */
    static String all(int pieces) {
        BitSet all = new BitSet(pieces);
        all.set(0, pieces);
        return encode(all, pieces);
    }
}
