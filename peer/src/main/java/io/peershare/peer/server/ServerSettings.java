package io.peershare.peer.server;

import io.peershare.protocol.wire.WireLimits;

import java.time.Duration;

/**
 * How the file server runs: where it listens, how many connections it serves at once, the inactivity
 * deadline of every read and write, and how many entries one LIST_RESULT page holds.
 */
public record ServerSettings(String bindAddress, int port, int maxConnections, Duration socketTimeout,
                             int listPageSize, String agent) {

    public ServerSettings {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("peer.max-connections must be at least 1, got " + maxConnections);
        }
        if (socketTimeout.isNegative() || socketTimeout.isZero()) {
            throw new IllegalArgumentException("peer.socket-timeout must be positive, got " + socketTimeout);
        }
        if (listPageSize < 1 || listPageSize > WireLimits.MAX_LIST_ENTRIES) {
            throw new IllegalArgumentException("list page size must be 1.." + WireLimits.MAX_LIST_ENTRIES);
        }
    }

    public static ServerSettings of(String bindAddress, int port, int maxConnections, Duration socketTimeout) {
        return new ServerSettings(bindAddress, port, maxConnections, socketTimeout, WireLimits.MAX_LIST_ENTRIES, "peershare-peer/0.1");
    }
}
