package io.peershare.peer.fetch;

import io.peershare.peer.swarm.SwarmSettings;

import java.util.function.IntSupplier;

/**
 * How fetches run: how many at once, how the swarm treats its sources, and who "self" is so this peer never
 * picks itself as a source.
 */
public record FetchSettings(int maxFetches, SwarmSettings swarm, String selfHostname, String selfAddress,
                            IntSupplier selfPort) {

    public FetchSettings {
        if (maxFetches < 1) {
            throw new IllegalArgumentException("peer.max-fetches must be at least 1, got " + maxFetches);
        }
    }
}
