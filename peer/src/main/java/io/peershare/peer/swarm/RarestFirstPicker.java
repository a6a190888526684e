package io.peershare.peer.swarm;

import java.util.BitSet;
import java.util.random.RandomGenerator;

/**
 * Rarest first, ties broken at random (BitTorrent's policy): the piece held by the fewest connected sources,
 * so rare pieces spread before their holders leave, and fetchers that start together ask the seed for
 * different pieces and can then trade them.
 *
 * <p>The scan starts at a random piece and stops early at availability 1 (the source asked holds it, so no
 * piece can be rarer); on very large files it looks at {@value #SCAN_LIMIT} candidates at most and takes the
 * rarest of those, which keeps a pick cheap at the cost of being approximate.
 */
public final class RarestFirstPicker implements PiecePicker {

    static final int SCAN_LIMIT = 16_384;

    private final RandomGenerator random;

    public RarestFirstPicker(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public int pick(BitSet sourceHolds, BitSet wanted, int[] availability) {
        int pieces = availability.length;
        if (pieces == 0) {
            return -1;
        }
        int start = random.nextInt(pieces);
        int best = -1;
        int bestAvailability = Integer.MAX_VALUE;
        int seen = 0;
        // Two passes: from the random start to the end, then from 0 up to the start.
        for (int pass = 0; pass < 2; pass++) {
            int to = pass == 0 ? pieces : start;
            for (int piece = wanted.nextSetBit(pass == 0 ? start : 0); piece >= 0 && piece < to;
                 piece = wanted.nextSetBit(piece + 1)) {
                if (!sourceHolds.get(piece)) {
                    continue;
                }
                if (availability[piece] < bestAvailability) {
                    best = piece;
                    bestAvailability = availability[piece];
                    if (bestAvailability <= 1) {
                        return best;
                    }
                }
                if (++seen >= SCAN_LIMIT) {
                    return best;
                }
            }
        }
        return best;
    }
}
