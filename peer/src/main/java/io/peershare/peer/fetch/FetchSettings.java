package io.peershare.peer.fetch;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * How fetches run: connect deadline (also bounds the ranking PING), read deadline during transfers, how many
 * fetches at once, and who "self" is so this peer never picks itself as a source.
 */
public record FetchSettings(Duration connectTimeout, Duration socketTimeout, int maxFetches,
                            String selfHostname, String selfAddress, IntSupplier selfPort, String agent) {

    public FetchSettings {
        if (maxFetches < 1) {
            throw new IllegalArgumentException("peer.max-fetches must be at least 1, got " + maxFetches);
        }
    }
}
