package io.peershare.peer.swarm;

import java.util.BitSet;
import java.util.Collection;
import java.util.TreeSet;

/**
 * What one fetch asks a seed (a source holding the whole file) for while other fetchers of the file serve
 * too. The seed's upload bounds how fast a swarm fills, so none of it should go to a piece the swarm already
 * has:
 * <ul>
 *   <li>the seed is asked only for pieces that no connected fetcher is known to hold (their availability is
 *       the number of seeds); the others come from the fetchers that hold them;</li>
 *   <li>of those, each fetcher takes its own stretch — the k-th of n fetchers in host-name order the k-th
 *       n-th of the pieces — and trades it for the others'. Fetchers that pick at random would ask the seed
 *       for the same piece before they can know that another has it (a piece takes a few hundred milliseconds
 *       to arrive and be heard of). Once its stretch is done a fetcher waits for the others' from their
 *       owners, unless it is stuck (an owner may be slow or gone). Views of the swarm differ a little between
 *       fetchers; overlaps only cost some duplicates.</li>
 * </ul>
 * The end game is not restricted: it may ask a seed for anything still in flight elsewhere.
 */
final class SeedShare {

    private SeedShare() {
    }

    /**
     * Holding the fetch's lock: narrows {@code wanted}, the pieces this fetch could ask a seed for now, when at
     * least two other fetchers serve; {@code stuck} when no piece has arrived for a while.
     */
    static void restrict(BitSet wanted, Collection<SwarmSource> sources, int[] availability, int pieceCount,
                         String self, boolean stuck) {
        TreeSet<String> fetchers = new TreeSet<>();
        int seeds = 0;
        for (SwarmSource s : sources) {
            if (s.holdsAll(pieceCount)) {
                seeds++;
            } else if (s.state == SwarmSource.State.ACTIVE && s.holds != null) {
                fetchers.add(s.name());
            }
        }
        if (fetchers.size() < 2) {
            return;
        }
        for (int piece = wanted.nextSetBit(0); piece >= 0; piece = wanted.nextSetBit(piece + 1)) {
            if (availability[piece] > seeds) {
                wanted.clear(piece);
            }
        }
        fetchers.add(self);
        keepOwnStretch(wanted, fetchers.size(), fetchers.headSet(self).size(), pieceCount, stuck);
    }

    /** Keeps the {@code rank}-th of {@code n} stretches of {@code wanted}; when none of it is left, nothing unless stuck. */
    private static void keepOwnStretch(BitSet wanted, int n, int rank, int pieceCount, boolean stuck) {
        BitSet stretch = new BitSet(pieceCount);
        stretch.set((int) ((long) rank * pieceCount / n), (int) ((long) (rank + 1) * pieceCount / n));
        stretch.and(wanted);
        if (!stretch.isEmpty()) {
            wanted.and(stretch);
        } else if (!stuck) {
            wanted.clear();
        }
    }
}
