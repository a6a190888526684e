package io.peershare.peer.swarm;

import java.util.BitSet;

/**
 * Which piece to ask a source for next: a policy, nothing else (no bookkeeping, no I/O). The swarm offers the
 * pieces the source holds and this peer still wants (not held, not requested), with how many connected
 * sources hold each.
 */
public interface PiecePicker {

    /**
     * A piece set in both {@code sourceHolds} and {@code wanted}, or -1 when they share none.
     *
     * @param availability for each piece, how many connected sources hold it
     */
    int pick(BitSet sourceHolds, BitSet wanted, int[] availability);
}
