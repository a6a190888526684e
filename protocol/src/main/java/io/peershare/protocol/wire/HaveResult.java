package io.peershare.protocol.wire;

import java.util.List;

/**
 * (Version 2) Entries {@code from .. from + pieces.size() - 1} of the server's have-log, of {@code total}
 * entries in all (the number of pieces it holds now). A client whose serial is now below {@code total} asks again.
 */
public record HaveResult(long from, long total, List<Integer> pieces) implements Message {

    public HaveResult {
        Fields.requireU32("from", from);
        Fields.requireU32("total", total);
        if (total > WireLimits.MAX_PIECES) {
            throw new IllegalArgumentException("HAVE_RESULT total " + total + " exceeds the limit of " + WireLimits.MAX_PIECES);
        }
        pieces = List.copyOf(pieces);
        if (pieces.size() > WireLimits.MAX_HAVE_ENTRIES) {
            throw new IllegalArgumentException("a HAVE_RESULT holds at most " + WireLimits.MAX_HAVE_ENTRIES + " pieces");
        }
        if (from + pieces.size() > total) {
            throw new IllegalArgumentException("HAVE_RESULT entries " + from + "+" + pieces.size() + " exceed total " + total);
        }
        for (int piece : pieces) {
            if (piece < 0 || piece >= WireLimits.MAX_PIECES) {
                throw new IllegalArgumentException("HAVE_RESULT piece " + Integer.toUnsignedString(piece) + " is out of range");
            }
        }
    }

    @Override
    public MessageType type() {
        return MessageType.HAVE_RESULT;
    }
}
