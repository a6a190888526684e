package io.peershare.peer.swarm;

import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class PiecePickerTest {

    private static BitSet bits(int... pieces) {
        BitSet set = new BitSet();
        for (int piece : pieces) {
            set.set(piece);
        }
        return set;
    }

    private static BitSet range(int from, int to) {
        BitSet set = new BitSet();
        set.set(from, to);
        return set;
    }

    @Test
    void shouldPickThePieceFewestSourcesHold() {
        int[] availability = {3, 2, 1, 3, 2};
        PiecePicker picker = new RarestFirstPicker(new SplittableRandom(1));

        assertThat(picker.pick(range(0, 5), range(0, 5), availability)).isEqualTo(2);
        assertThat(picker.pick(bits(0, 1, 3), range(0, 5), availability)).isEqualTo(1);
    }

    @Test
    void shouldOnlyPickPiecesTheSourceHoldsAndThisPeerWants() {
        int[] availability = {1, 1, 1, 1};
        PiecePicker picker = new RarestFirstPicker(new SplittableRandom(7));

        assertThat(picker.pick(bits(0, 1), bits(2, 3), availability)).isEqualTo(-1);
        assertThat(picker.pick(bits(0, 3), bits(2, 3), availability)).isEqualTo(3);
        assertThat(picker.pick(new BitSet(), range(0, 4), availability)).isEqualTo(-1);
        assertThat(picker.pick(new BitSet(), new BitSet(), new int[0])).isEqualTo(-1);
    }

    @Test
    void shouldBreakTiesAtRandomSoThatFetchersStartingTogetherAskForDifferentPieces() {
        int[] availability = new int[256];
        java.util.Arrays.fill(availability, 1);
        Set<Integer> firstPicks = new HashSet<>();
        for (int fetcher = 0; fetcher < 8; fetcher++) {
            firstPicks.add(new RarestFirstPicker(new SplittableRandom(fetcher)).pick(range(0, 256), range(0, 256), availability));
        }

        assertThat(firstPicks).hasSizeGreaterThanOrEqualTo(7);
    }

    @Test
    void shouldPickInOrderWhenNoOtherFetcherIsKnown() {
        PiecePicker picker = new InOrderPicker();
        int[] availability = {1, 1, 1, 1, 1};

        assertThat(picker.pick(range(0, 5), range(0, 5), availability)).isZero();
        assertThat(picker.pick(bits(1, 4), bits(2, 3, 4), availability)).isEqualTo(4);
        assertThat(picker.pick(bits(1), bits(2), availability)).isEqualTo(-1);
    }
}
