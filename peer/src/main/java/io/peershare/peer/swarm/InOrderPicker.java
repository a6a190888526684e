package io.peershare.peer.swarm;

import java.util.BitSet;

/**
 * The lowest-numbered piece first. Used while no other fetcher is known (every known source holds the whole
 * file): nobody would gain from rarity, and pieces in order let the whole-file hash run right behind the
 * download instead of all at the end.
 */
public final class InOrderPicker implements PiecePicker {

    @Override
    public int pick(BitSet sourceHolds, BitSet wanted, int[] availability) {
        for (int piece = wanted.nextSetBit(0); piece >= 0; piece = wanted.nextSetBit(piece + 1)) {
            if (sourceHolds.get(piece)) {
                return piece;
            }
        }
        return -1;
    }
}
