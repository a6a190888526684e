package io.peershare.tracker.dashboard;

import java.util.Base64;

/**
 * A fetcher's bitfield drawn as at most {@link #MAX_CELLS} cells, so a 100,000-piece file costs the browser the
 * same as a 10-piece one. Cell {@code k} of {@code c} covers pieces {@code [k·n/c, (k+1)·n/c)}; its character
 * says how much of that range is held: {@code 0} none, {@code 9} all, {@code 1}–{@code 8} eighths in between
 * (rounded up, so one piece held never looks like none).
 */
public final class PieceCells {

    public static final int MAX_CELLS = 200;

    private PieceCells() {
    }

    /** The cells of a base64 bitfield over {@code pieces} pieces (bit {@code 7 - i % 8} of byte {@code i / 8}). */
    public static String of(String heldBase64, int pieces) {
        byte[] bits = Base64.getDecoder().decode(heldBase64);
        int cells = Math.min(pieces, MAX_CELLS);
        StringBuilder out = new StringBuilder(cells);
        for (int k = 0; k < cells; k++) {
            int from = (int) ((long) k * pieces / cells);
            int to = (int) ((long) (k + 1) * pieces / cells);
            int held = 0;
            for (int i = from; i < to; i++) {
                held += has(bits, i) ? 1 : 0;
            }
            out.append(digit(held, to - from));
        }
        return out.toString();
    }

    static char digit(int held, int of) {
        if (held == 0) {
            return '0';
        }
        if (held == of) {
            return '9';
        }
        int eighths = (int) Math.ceil(held * 8.0 / of);
        return (char) ('0' + Math.min(8, Math.max(1, eighths)));
    }

    /** Bytes missing at the end of a short bitfield are pieces not held. */
    private static boolean has(byte[] bits, int piece) {
        int index = piece / 8;
        return index < bits.length && (bits[index] & (0x80 >>> (piece % 8))) != 0;
    }
}
