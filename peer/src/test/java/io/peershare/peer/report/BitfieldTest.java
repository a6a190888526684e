package io.peershare.peer.report;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.BitSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code held} field of a Transfer: piece i is bit 7 - i % 8 of byte i / 8, as on the wire; base64. */
class BitfieldTest {

    @Test
    void shouldPutPieceZeroInTheHighBitAndPieceEightInTheNextByte() {
        BitSet held = bits(0, 7, 8, 16);

        byte[] bytes = Base64.getDecoder().decode(Bitfield.encode(held, 17));

        // byte 0: pieces 0 (0x80) and 7 (0x01); byte 1: piece 8 (0x80); byte 2: piece 16, the last (0x80)
        assertThat(bytes).containsExactly(0x81, 0x80, 0x80);
        assertThat(Bitfield.encode(held, 17)).isEqualTo("gYCA");
    }

    @Test
    void shouldLeaveOutBitsBeyondTheFileAndPadTheLastByteWithZeros() {
        assertThat(Base64.getDecoder().decode(Bitfield.encode(bits(2, 9, 40), 10))).containsExactly(0x20, 0x40);
    }

    @Test
    void shouldSetEveryPieceOfAWholeFile() {
        assertThat(Base64.getDecoder().decode(Bitfield.all(9))).containsExactly(0xFF, 0x80);
        assertThat(Bitfield.all(8)).isEqualTo("/w==");
        assertThat(Bitfield.all(0)).isEmpty();
    }

    static BitSet bits(int... pieces) {
        BitSet set = new BitSet();
        for (int piece : pieces) {
            set.set(piece);
        }
        return set;
    }
}
