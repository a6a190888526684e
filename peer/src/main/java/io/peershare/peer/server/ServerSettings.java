package io.peershare.peer.server;

import io.peershare.protocol.wire.WireLimits;

import java.time.Duration;

/**
 * How the file server runs: where it listens, how many connections it holds open at once, how many uploads it
 * sends at once (more GETs are told RETRY_LATER after {@code busyRetryAfter}), the inactivity deadline of every
 * write and of the silence between requests ({@code socketTimeout}), how many entries one LIST_RESULT page holds,
 * how many threads answer requests at once, and how long a client may take to send one whole request frame
 * ({@code requestTimeout}, its first one counted from the accept).
 */
public record ServerSettings(String bindAddress, int port, int maxConnections, int maxUploads, Duration uploadQueueWait,
                             Duration busyRetryAfter, Duration socketTimeout, int listPageSize, String agent,
                             int servingThreads, Duration requestTimeout) {

    public static final int DEFAULT_MAX_CONNECTIONS = 4096;
    public static final int DEFAULT_MAX_UPLOADS = 4;
    public static final int DEFAULT_SERVING_THREADS = 64;
    public static final Duration DEFAULT_BUSY_RETRY_AFTER = Duration.ofMillis(500);
    public static final Duration DEFAULT_UPLOAD_QUEUE_WAIT = Duration.ofMillis(200);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    public ServerSettings {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("peer.max-connections must be at least 1, got " + maxConnections);
        }
        if (maxUploads < 1) {
            throw new IllegalArgumentException("peer.max-uploads must be at least 1, got " + maxUploads);
        }
        if (servingThreads < 1) {
            throw new IllegalArgumentException("peer.serving-threads must be at least 1, got " + servingThreads);
        }
        if (uploadQueueWait.isNegative() || uploadQueueWait.compareTo(socketTimeout) >= 0) {
            throw new IllegalArgumentException("peer.upload-queue-wait must be between 0 and peer.socket-timeout, got "
                    + uploadQueueWait);
        }
        if (busyRetryAfter.isNegative() || busyRetryAfter.toMillis() > WireLimits.MAX_RETRY_AFTER_MILLIS * 2 / 3) {
            throw new IllegalArgumentException("peer.busy-retry-after must be between 0 and 40s, got " + busyRetryAfter);
        }
        if (socketTimeout.isNegative() || socketTimeout.isZero()) {
            throw new IllegalArgumentException("peer.socket-timeout must be positive, got " + socketTimeout);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("peer.request-timeout must be positive, got " + requestTimeout);
        }
        if (listPageSize < 1 || listPageSize > WireLimits.MAX_LIST_ENTRIES) {
            throw new IllegalArgumentException("list page size must be 1.." + WireLimits.MAX_LIST_ENTRIES);
        }
    }

    /** The settings as before serving threads and request deadlines were configurable: their defaults. */
    public ServerSettings(String bindAddress, int port, int maxConnections, int maxUploads, Duration uploadQueueWait,
                          Duration busyRetryAfter, Duration socketTimeout, int listPageSize, String agent) {
        this(bindAddress, port, maxConnections, maxUploads, uploadQueueWait, busyRetryAfter, socketTimeout, listPageSize,
                agent, DEFAULT_SERVING_THREADS, DEFAULT_REQUEST_TIMEOUT);
    }

    public static ServerSettings of(String bindAddress, int port, int maxConnections, Duration socketTimeout) {
        return of(bindAddress, port, maxConnections, DEFAULT_MAX_UPLOADS, socketTimeout);
    }

    public static ServerSettings of(String bindAddress, int port, int maxConnections, int maxUploads, Duration socketTimeout) {
        return new ServerSettings(bindAddress, port, maxConnections, maxUploads, DEFAULT_UPLOAD_QUEUE_WAIT,
                DEFAULT_BUSY_RETRY_AFTER, socketTimeout, WireLimits.MAX_LIST_ENTRIES, "peershare-peer/0.2");
    }

    public ServerSettings withRequestTimeout(Duration timeout) {
        return new ServerSettings(bindAddress, port, maxConnections, maxUploads, uploadQueueWait, busyRetryAfter,
                socketTimeout, listPageSize, agent, servingThreads, timeout);
    }

    public ServerSettings withServingThreads(int threads) {
        return new ServerSettings(bindAddress, port, maxConnections, maxUploads, uploadQueueWait, busyRetryAfter,
                socketTimeout, listPageSize, agent, threads, requestTimeout);
    }

    /** The request deadline in force: never longer than the socket timeout, the bound on any silence. */
    public Duration effectiveRequestTimeout() {
        return requestTimeout.compareTo(socketTimeout) < 0 ? requestTimeout : socketTimeout;
    }
}
