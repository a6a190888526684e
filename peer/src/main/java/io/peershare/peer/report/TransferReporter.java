package io.peershare.peer.report;

import io.peershare.peer.fetch.FetchProgress;
import io.peershare.peer.fetch.Fetcher;
import io.peershare.peer.tracker.TrackerException;
import io.peershare.peer.tracker.TrackerSession;
import io.peershare.protocol.api.TransferReport;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tells the tracker about this peer's fetches for its live dashboard (docs/architecture.md, "Transfers"): every
 * {@code peer.report-interval} while any fetch runs, and once more after the last one ends, on a thread of its
 * own, so a slow or absent tracker never slows a fetch. An idle peer sends nothing. A tracker without the
 * endpoint (an older one) is told nothing more for the life of the daemon, after one INFO line.
 */
public final class TransferReporter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TransferReporter.class);

    /** Where a report goes; false when it could not go now (not registered) and is simply skipped. */
    @FunctionalInterface
    interface Sender {
        boolean send(TransferReport report) throws TrackerException;
    }

    private final TransferReports reports;
    private final Sender sender;
    private final String tracker;
    private volatile boolean unsupported;
    private volatile boolean closed;
    /** Touched by the reporting thread only: one WARN per run of failures, then DEBUG until a report goes. */
    private boolean failing;
    private ScheduledExecutorService thread;

    TransferReporter(TransferReports reports, Sender sender, String tracker) {
        this.reports = reports;
        this.sender = sender;
        this.tracker = tracker;
    }

    /** Watches {@code fetcher}'s fetches and reports them through {@code session} every {@code interval}. */
    public static TransferReporter start(Fetcher fetcher, TrackerSession session, String tracker, Duration interval) {
        TransferReporter reporter = new TransferReporter(new TransferReports(System::nanoTime), session::reportTransfers,
                tracker);
        fetcher.watch(reporter::watch);
        long every = Math.max(100, interval.toMillis());
        reporter.thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("transfer-report").daemon().factory());
        reporter.thread.scheduleWithFixedDelay(reporter::tick, every, every, TimeUnit.MILLISECONDS);
        return reporter;
    }

    void watch(FetchProgress progress) {
        if (!unsupported && !closed) {
            reports.watch(progress);
        }
    }

    /** Whether the tracker said it has no transfers endpoint: nothing is reported any more. */
    boolean unsupported() {
        return unsupported;
    }

    /** One round: build the report due now, if any, and send it. Never throws (it would end the schedule). */
    void tick() {
        if (unsupported || closed) {
            return;
        }
        try {
            Optional<TransferReport> report = reports.next();
            if (report.isPresent() && sender.send(report.get())) {
                failing = false;
            }
        } catch (TrackerException e) {
            failed(e);
        } catch (RuntimeException e) {
            problem("building or sending a transfer report failed: " + e, e);
        }
    }

    private void failed(TrackerException e) {
        if (closed) {
            return; // interrupted by close: not a problem worth a line
        }
        if (e.noSuchEndpoint()) {
            unsupported = true;
            LOG.infof("the tracker at %s does not take transfer reports (%d: an older tracker); its dashboard will "
                    + "not show this peer's fetches; not reporting again until this peer restarts", tracker, e.status());
        } else if (e.status() == 404 || e.status() == 401 || e.status() == 403) {
            // The tracker forgot this peer or its token: the session's next heartbeat registers it again.
            LOG.debugf("transfer report refused until this peer registers again: %s", e.getMessage());
        } else {
            problem("cannot send a transfer report to the tracker (the dashboard misses this peer's fetches until it "
                    + "can; fetches go on): " + e.getMessage(), null);
        }
    }

    private void problem(String line, Throwable cause) {
        if (failing) {
            LOG.debug(line, cause);
        } else {
            LOG.warn(line, cause);
            failing = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.shutdownNow();
            try {
                thread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
