package io.peershare.peer.server;

import io.peershare.peer.repository.FileChangedException;
import io.peershare.protocol.PieceManifest;
import io.peershare.protocol.Sha256;
import io.peershare.protocol.wire.BitfieldRequest;
import io.peershare.protocol.wire.BitfieldResult;
import io.peershare.protocol.wire.ErrorCode;
import io.peershare.protocol.wire.ErrorMessage;
import io.peershare.protocol.wire.HaveRequest;
import io.peershare.protocol.wire.HaveResult;
import io.peershare.protocol.wire.ManifestPage;
import io.peershare.protocol.wire.ManifestRequest;
import io.peershare.protocol.wire.Message;
import io.peershare.protocol.wire.WireLimits;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * The server's answers to the requests of protocol version 2 that describe pieces (MANIFEST, BITFIELD, HAVE;
 * docs/protocol.md section 8), for whole files and downloads in progress alike. None needs an upload slot.
 */
final class PieceRequests {

    private final Contents contents;

    PieceRequests(Contents contents) {
        this.contents = contents;
    }

    Message manifest(ManifestRequest request) {
        return answer(request.name(), request.sha256(), served -> {
            PieceManifest manifest = served.manifest();
            if (request.start() > manifest.pieceCount()) {
                return new ErrorMessage(ErrorCode.BAD_RANGE, "MANIFEST start " + request.start() + " is beyond the "
                        + manifest.pieceCount() + " pieces of '" + request.name() + "'");
            }
            int from = (int) request.start();
            int to = Math.min(manifest.pieceCount(), from + WireLimits.MAX_MANIFEST_ENTRIES);
            List<Sha256> hashes = new ArrayList<>(to - from);
            for (int piece = from; piece < to; piece++) {
                hashes.add(manifest.hash(piece));
            }
            return new ManifestPage(manifest.fileSize(), manifest.pieceSize(), manifest.pieceCount(), from, hashes);
        });
    }

    Message bitfield(BitfieldRequest request) {
        return answer(request.name(), request.sha256(),
                served -> new BitfieldResult(served.manifest().pieceCount(), served.held()));
    }

    /** The have-log of a whole file is 0, 1, ..., n-1; a download's is the order its pieces were verified. */
    Message have(HaveRequest request) {
        return answer(request.name(), request.sha256(), served -> {
            int[] log;
            int total;
            if (served instanceof Contents.Partial partial) {
                if (request.serial() > partial.store().held().count()) {
                    return beyond(request, partial.store().held().count());
                }
                log = partial.store().held().log((int) request.serial(), WireLimits.MAX_HAVE_ENTRIES);
                total = partial.store().held().count(); // read after the log: it only grows
            } else {
                total = served.manifest().pieceCount();
                if (request.serial() > total) {
                    return beyond(request, total);
                }
                int from = (int) request.serial();
                log = new int[Math.min(WireLimits.MAX_HAVE_ENTRIES, total - from)];
                for (int i = 0; i < log.length; i++) {
                    log[i] = from + i;
                }
            }
            List<Integer> pieces = new ArrayList<>(log.length);
            for (int piece : log) {
                pieces.add(piece);
            }
            return new HaveResult(request.serial(), total, pieces);
        });
    }

    private static Message beyond(HaveRequest request, int total) {
        return new ErrorMessage(ErrorCode.BAD_RANGE, "HAVE serial " + request.serial() + " is beyond the " + total
                + " pieces held of '" + request.name() + "'; ask BITFIELD again");
    }

    @FunctionalInterface
    private interface Answer {
        Message of(Contents.Served served) throws IOException;
    }

    /** Looks the content up as GET does (NO_SUCH_FILE, then HASH_MISMATCH), then answers. */
    private Message answer(String name, Sha256 sha256, Answer answer) {
        Optional<Contents.Served> found = contents.find(name, 2);
        if (found.isEmpty()) {
            return new ErrorMessage(ErrorCode.NO_SUCH_FILE, "no file named '" + name + "' is shared by this peer");
        }
        Contents.Served served = found.get();
        if (!served.sha256().equals(sha256)) {
            return Connection.hashMismatch(name, served.sha256(), sha256);
        }
        try {
            return answer.of(served);
        } catch (FileChangedException e) {
            return new ErrorMessage(ErrorCode.INTERNAL, e.getMessage());
        } catch (IOException e) {
            return new ErrorMessage(ErrorCode.INTERNAL, "cannot read the pieces of '" + name + "': " + e.getMessage());
        }
    }

}
