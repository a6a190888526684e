package io.peershare.tracker.dashboard;

import io.peershare.protocol.api.Flow;
import io.peershare.protocol.api.Transfer;
import io.peershare.protocol.api.TransferReport;
import io.peershare.tracker.registry.RegistryException;
import io.peershare.tracker.registry.RequestValidation;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The rules a {@link TransferReport} must follow (docs/api.md, "Transfers"). A report that breaks one is refused
 * whole with a message naming the transfer and the field; a valid one comes back normalized (sha256 in lowercase,
 * absent flow lists empty), so the dashboard never meets a value it cannot draw.
 */
public final class ReportValidation {

    /** The states a fetch goes through on the peer (its control API's). */
    public static final Set<String> STATES = Set.of("LOCATING", "DOWNLOADING", "VERIFYING", "DONE", "ALREADY_PRESENT",
            "FAILED");
    static final int MAX_ID = 64;

    private ReportValidation() {
    }

    public static TransferReport check(TransferReport report) {
        if (report == null || report.transfers() == null) {
            throw RegistryException.invalid("the request body is missing; send {\"transfers\":[…]} (docs/api.md, Transfers)");
        }
        if (report.transfers().size() > TransferReport.MAX_TRANSFERS) {
            throw RegistryException.invalid("the report lists " + report.transfers().size() + " transfers; the limit is "
                    + TransferReport.MAX_TRANSFERS + ": report the running fetches and those that just ended");
        }
        List<Transfer> checked = new ArrayList<>(report.transfers().size());
        for (int i = 0; i < report.transfers().size(); i++) {
            checked.add(transfer(report.transfers().get(i), i));
        }
        return new TransferReport(List.copyOf(checked));
    }

    private static Transfer transfer(Transfer t, int index) {
        if (t == null) {
            throw RegistryException.invalid("transfers[" + index + "] is null; send an object per fetch");
        }
        String at = "transfers[" + index + "]";
        id(t.id(), at);
        RequestValidation.name(t.name());
        String sha = t.sha256() == null ? null : RequestValidation.sha256(t.sha256(), at);
        if (!STATES.contains(t.state())) {
            throw RegistryException.invalid(at + ": state must be one of " + String.join(", ", STATES.stream().sorted().toList())
                    + ", got " + (t.state() == null ? "none" : "'" + clip(t.state()) + "'"));
        }
        atLeast(t.size(), -1, at, "size");
        atLeast(t.pieces(), -1, at, "pieces");
        atLeast(t.piecesHeld(), 0, at, "piecesHeld");
        atLeast(t.bytesHeld(), 0, at, "bytesHeld");
        if (t.pieces() >= 0 && t.piecesHeld() > t.pieces()) {
            throw RegistryException.invalid(at + ": piecesHeld " + t.piecesHeld() + " is more than pieces " + t.pieces());
        }
        held(t.held(), t.pieces(), at);
        return new Transfer(t.id(), t.name(), sha, t.size(), t.pieces(), t.state(), t.piecesHeld(), t.bytesHeld(),
                t.held(), flows(t.flows(), at));
    }

    private static void id(String id, String at) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID || !id.chars().allMatch(ReportValidation::idChar)) {
            throw RegistryException.invalid(at + ": id must be 1 to " + MAX_ID + " letters, digits, '-', '.' or '_', got "
                    + (id == null ? "none" : "'" + clip(id) + "'"));
        }
    }

    private static boolean idChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
    }

    /** The bitfield needs a known piece count within the limit, and at most the bytes that count needs. */
    private static void held(String held, int pieces, String at) {
        if (held == null) {
            return;
        }
        if (pieces <= 0 || pieces > TransferReport.MAX_BITFIELD_PIECES) {
            throw RegistryException.invalid(at + ": held is sent only when pieces is from 1 to "
                    + TransferReport.MAX_BITFIELD_PIECES + " (it is " + pieces + "); send null instead");
        }
        int need = (pieces + 7) / 8;
        if (held.length() > (need + 2) / 3 * 4) { // checked before decoding, so a huge string is not decoded
            throw tooLong(at, pieces, need);
        }
        try {
            if (Base64.getDecoder().decode(held).length > need) {
                throw tooLong(at, pieces, need);
            }
        } catch (IllegalArgumentException e) {
            throw RegistryException.invalid(at + ": held is not base64 (" + e.getMessage() + ")");
        }
    }

    private static RegistryException tooLong(String at, int pieces, int need) {
        return RegistryException.invalid(at + ": held is longer than " + pieces + " pieces need (" + need
                + " bytes, piece i is bit 7 - i % 8 of byte i / 8)");
    }

    private static List<Flow> flows(List<Flow> flows, String at) {
        if (flows == null) {
            return List.of();
        }
        if (flows.size() > TransferReport.MAX_FLOWS) {
            throw RegistryException.invalid(at + ": " + flows.size() + " flows; the limit is " + TransferReport.MAX_FLOWS);
        }
        for (int i = 0; i < flows.size(); i++) {
            Flow flow = flows.get(i);
            String where = at + ".flows[" + i + "]";
            if (flow == null) {
                throw RegistryException.invalid(where + " is null; send {source, bytes, bytesPerSecond}");
            }
            try {
                RequestValidation.hostname(flow.source());
            } catch (RegistryException e) {
                throw RegistryException.invalid(where + ": source " + e.getMessage());
            }
            atLeast(flow.bytes(), 0, where, "bytes");
            atLeast(flow.bytesPerSecond(), 0, where, "bytesPerSecond");
        }
        return List.copyOf(flows);
    }

    private static void atLeast(long value, long min, String at, String field) {
        if (value < min) {
            throw RegistryException.invalid(at + ": " + field + " must be at least " + min + ", got " + value);
        }
    }

    private static String clip(String value) {
        String cut = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return cut.codePoints().allMatch(cp -> !Character.isISOControl(cp)) ? cut : "(control characters)";
    }
}
