package io.peershare.peer.server;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The write deadline: Java has no send timeout, so every connection stamps its progress while sending and
 * this task closes any connection whose send has been stuck longer than the socket timeout (a client that
 * stopped reading would otherwise hold a connection slot forever).
 */
final class WriteWatchdog implements AutoCloseable {

    private final Set<Connection> connections;
    private final long timeoutNanos;
    private ScheduledExecutorService scheduler;

    WriteWatchdog(Set<Connection> connections, Duration timeout) {
        this.connections = connections;
        this.timeoutNanos = timeout.toNanos();
    }

    void start() {
        scheduler = FileServer.singleDaemonScheduler("peer-write-watchdog");
        long period = Math.max(50, Math.min(1000, FileServer.millis(Duration.ofNanos(timeoutNanos)) / 4));
        scheduler.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    private void check() {
        long now = System.nanoTime();
        for (Connection connection : connections) {
            if (connection.sendStalledFor(now) > timeoutNanos) {
                connection.abort();
            }
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
