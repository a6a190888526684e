package io.peershare.peer.report;

import io.peershare.peer.fetch.FetchProgress;
import io.peershare.peer.fetch.FetchState;
import io.peershare.protocol.PieceManifest;
import io.peershare.protocol.api.Flow;
import io.peershare.protocol.api.Transfer;
import io.peershare.protocol.api.TransferReport;
import io.peershare.protocol.wire.WireLimits;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.LongSupplier;

/**
 * Builds each {@link TransferReport} from the fetches it was told of: the running ones (in the order they
 * started), then those that ended since the last report (latest started first), at most
 * {@link TransferReport#MAX_TRANSFERS}. An ended fetch is in one report, then forgotten; with no fetch left
 * there is no report. A source's rate is the growth of its verified bytes since the last report that carried
 * the fetch (or since the fetch was started), over that time. {@link #watch} is safe from any thread;
 * {@link #next} is called by one thread only.
 */
final class TransferReports {

    /** Fetches started and not yet taken in by {@link #next}; beyond it a start goes unreported, never waits. */
    static final int MAX_QUEUED = 1024;

    private record Started(FetchProgress progress, long atNanos) {
    }

    /** What the last report said of one fetch: the baseline of its rates. */
    private static final class Watched {
        final long order;
        long sinceNanos;
        Map<String, Long> bytesBySource = Map.of();

        Watched(long order, long sinceNanos) {
            this.order = order;
            this.sinceNanos = sinceNanos;
        }
    }

    /** One fetch as {@link #next} saw it: its state read once, so it is classified and reported alike. */
    private record Seen(FetchProgress progress, Watched watched, FetchState state) {
    }

    private final LongSupplier nanos;
    private final BlockingQueue<Started> started = new ArrayBlockingQueue<>(MAX_QUEUED);
    /** Keys compare by identity (FetchProgress keeps Object's equals); held by the reporting thread only. */
    private final Map<FetchProgress, Watched> watched = new LinkedHashMap<>();
    private long order;

    TransferReports(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** A fetch started: report it from the next report on, until once after it ends. */
    void watch(FetchProgress progress) {
        started.offer(new Started(progress, nanos.getAsLong()));
    }

    /** The report due now, or empty when no fetch ran since the last one. */
    Optional<TransferReport> next() {
        for (Started s = started.poll(); s != null; s = started.poll()) {
            watched.putIfAbsent(s.progress(), new Watched(order++, s.atNanos()));
        }
        if (watched.isEmpty()) {
            return Optional.empty();
        }
        long now = nanos.getAsLong();
        List<Seen> running = new ArrayList<>();
        List<Seen> ended = new ArrayList<>();
        watched.forEach((progress, w) -> {
            Seen seen = new Seen(progress, w, progress.state());
            (seen.state().finished() ? ended : running).add(seen);
        });
        ended.sort(Comparator.comparingLong((Seen s) -> s.watched().order).reversed());
        List<Transfer> transfers = new ArrayList<>();
        for (Seen seen : concat(running, ended)) {
            if (transfers.size() == TransferReport.MAX_TRANSFERS) {
                break;
            }
            transfers.add(transfer(seen, now));
        }
        // Ended ones left out are dropped too: a report late by seconds would show a finished fetch as news.
        ended.forEach(seen -> watched.remove(seen.progress()));
        return Optional.of(new TransferReport(List.copyOf(transfers)));
    }

    private static List<Seen> concat(List<Seen> first, List<Seen> then) {
        List<Seen> all = new ArrayList<>(first);
        all.addAll(then);
        return all;
    }

    private static Transfer transfer(Seen seen, long now) {
        FetchProgress p = seen.progress();
        FetchState state = seen.state();
        long size = p.totalBytes();
        List<Flow> flows = flows(p.bytesBySource(), seen.watched(), now);
        if (state == FetchState.DONE || state == FetchState.ALREADY_PRESENT) {
            int pieces = wholeFilePieces(p);
            String held = pieces >= 0 && pieces <= TransferReport.MAX_BITFIELD_PIECES ? Bitfield.all(pieces) : null;
            return new Transfer(p.id(), p.name(), p.sha256(), size, pieces, state.name(), Math.max(pieces, 0),
                    Math.max(size, 0), held, flows);
        }
        int pieces = p.pieces();
        // The piece count is checked first: a snapshot of a huge file is never taken, it would not be sent.
        String held = pieces >= 0 && pieces <= TransferReport.MAX_BITFIELD_PIECES
                ? p.heldPieces().map(bits -> Bitfield.encode(bits, pieces)).orElse(null) : null;
        return new Transfer(p.id(), p.name(), p.sha256(), size, pieces, state.name(), p.piecesDone(), p.bytesDone(),
                held, flows);
    }

    /** Every piece is here; a file found already present never learned its piece count, so count it. */
    private static int wholeFilePieces(FetchProgress p) {
        if (p.pieces() >= 0) {
            return p.pieces();
        }
        long size = p.totalBytes();
        return PieceManifest.fits(size) ? PieceManifest.pieceCount(size, WireLimits.PIECE_SIZE) : -1;
    }

    /** At most MAX_FLOWS sources, most bytes first (the fetch's order); moves the rate baseline to now. */
    private static List<Flow> flows(Map<String, Long> bytesBySource, Watched watched, long now) {
        long elapsed = now - watched.sinceNanos;
        List<Flow> flows = new ArrayList<>();
        for (Map.Entry<String, Long> source : bytesBySource.entrySet()) {
            if (flows.size() == TransferReport.MAX_FLOWS) {
                break;
            }
            long grown = Math.max(0, source.getValue() - watched.bytesBySource.getOrDefault(source.getKey(), 0L));
            long rate = elapsed <= 0 ? 0 : Math.round(grown * 1e9 / elapsed);
            flows.add(new Flow(source.getKey(), source.getValue(), rate));
        }
        watched.bytesBySource = bytesBySource;
        watched.sinceNanos = now;
        return List.copyOf(flows);
    }
}
