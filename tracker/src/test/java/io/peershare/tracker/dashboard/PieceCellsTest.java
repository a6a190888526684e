package io.peershare.tracker.dashboard;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class PieceCellsTest {

    @Test
    void shouldDrawOneCellPerPieceWhenThereAreFewPieces() {
        // pieces 0, 2 and 9 of 10: byte 0 = 1010_0000, byte 1 = 0100_0000
        String held = Base64.getEncoder().encodeToString(new byte[]{(byte) 0b1010_0000, (byte) 0b0100_0000});

        assertThat(PieceCells.of(held, 10)).isEqualTo("9090000009");
    }

    @Test
    void shouldDrawAtMost200CellsWhateverThePieceCount() {
        String cells = PieceCells.of(Reports.bitfield(100_000, 50_000), 100_000);

        assertThat(cells).hasSize(PieceCells.MAX_CELLS);
        assertThat(cells.substring(0, 100)).matches("9{100}");
        assertThat(cells.substring(100)).matches("0{100}");
    }

    @Test
    void shouldShowAPartlyHeldCellAsEighthsNeverAsNoneOrAll() {
        // 400 pieces in 200 cells: two pieces a cell; the first 3 held → cell 0 full, cell 1 half
        String cells = PieceCells.of(Reports.bitfield(400, 3), 400);

        assertThat(cells).startsWith("940");
        assertThat(PieceCells.digit(1, 1000)).isEqualTo('1');
        assertThat(PieceCells.digit(999, 1000)).isEqualTo('8');
    }

    @Test
    void shouldTreatMissingTrailingBytesAsPiecesNotHeld() {
        String oneByte = Base64.getEncoder().encodeToString(new byte[]{(byte) 0xFF});

        assertThat(PieceCells.of(oneByte, 12)).isEqualTo("999999990000");
    }
}
