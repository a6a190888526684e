package io.peershare.tracker.dashboard;

import io.peershare.protocol.api.Flow;
import io.peershare.protocol.api.Transfer;
import io.peershare.protocol.api.TransferReport;

import java.util.Base64;
import java.util.List;

/** Transfers and reports as a peer sends them, for the dashboard's tests. */
final class Reports {

    private Reports() {
    }

    /** A fetch of {@code pieces} pieces holding the first {@code held}, with a bitfield. */
    static Transfer downloading(String id, String name, String sha256, int pieces, int held, Flow... flows) {
        return new Transfer(id, name, sha256, pieces * 1024L, pieces, "DOWNLOADING", held, held * 1024L,
                bitfield(pieces, held), List.of(flows));
    }

    static TransferReport report(Transfer... transfers) {
        return ReportValidation.check(new TransferReport(List.of(transfers)));
    }

    /** Base64 of a bitfield whose first {@code held} of {@code pieces} bits are set (bit 7 - i % 8 of byte i / 8). */
    static String bitfield(int pieces, int held) {
        byte[] bits = new byte[(pieces + 7) / 8];
        for (int i = 0; i < held; i++) {
            bits[i / 8] |= (byte) (0x80 >>> (i % 8));
        }
        return Base64.getEncoder().encodeToString(bits);
    }
}
