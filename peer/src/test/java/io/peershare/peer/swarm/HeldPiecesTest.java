package io.peershare.peer.swarm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeldPiecesTest {

    @Test
    void shouldKeepTheOrderInWhichPiecesBecameHeld() {
        HeldPieces held = new HeldPieces(10);
        held.add(7);
        held.add(2);
        held.add(9);

        assertThat(held.log(0, 100)).containsExactly(7, 2, 9);
        assertThat(held.log(1, 1)).containsExactly(2);
        assertThat(held.log(3, 100)).isEmpty();
        assertThat(held.count()).isEqualTo(3);
        assertThat(held.snapshot().cardinality()).isEqualTo(held.count());
    }

    @Test
    void shouldNotListAPieceTwice() {
        HeldPieces held = new HeldPieces(4);

        assertThat(held.add(1)).isTrue();
        assertThat(held.add(1)).isFalse();
        assertThat(held.log(0, 10)).containsExactly(1);
    }

    @Test
    void shouldRefuseASerialBeyondTheLog() {
        HeldPieces held = new HeldPieces(4);
        held.add(0);

        assertThatThrownBy(() -> held.log(2, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("serial 2 is beyond the 1 pieces held");
    }

    @Test
    void shouldTellTheContiguousPrefixRangesAndCompleteness() {
        HeldPieces held = new HeldPieces(5);
        held.add(0);
        held.add(1);
        held.add(3);

        assertThat(held.contiguous()).isEqualTo(2);
        assertThat(held.hasAll(0, 1)).isTrue();
        assertThat(held.hasAll(1, 3)).isFalse();
        assertThat(held.missing().stream().boxed()).containsExactly(2, 4);
        held.add(2);
        held.add(4);
        assertThat(held.complete()).isTrue();
        assertThat(held.contiguous()).isEqualTo(5);
    }

    @Test
    void shouldGrowTheLogPastItsFirstCapacity() {
        HeldPieces held = new HeldPieces(5000);
        for (int piece = 4999; piece >= 0; piece--) {
            held.add(piece);
        }
        assertThat(held.log(4990, 100)).containsExactly(9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        assertThat(held.complete()).isTrue();
    }
}
