package io.peershare.tracker.probe;

import io.peershare.protocol.api.DiscoverResult;
import io.peershare.protocol.api.PeerView;
import io.peershare.protocol.api.PingResult;
import io.peershare.tracker.dashboard.RoundTrips;
import io.peershare.tracker.registry.Registry;
import io.peershare.tracker.registry.RegistryException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;

/**
 * The tracker's ping and discover: look the peer up in the registry, then ask it over the wire. Both take a
 * probe slot ({@link PeerProbe}); when none is free they throw {@link ProbeBusyException} (503).
 */
@ApplicationScoped
public class ProbeService {

    private final Registry registry;
    private final PeerProbe probe;
    private final RoundTrips roundTrips;

    public ProbeService(Registry registry, PeerProbe probe, RoundTrips roundTrips) {
        this.registry = registry;
        this.probe = probe;
        this.roundTrips = roundTrips;
    }

    /** Alive or not is an answer (200); only an unknown hostname is an error. */
    public PingResult ping(String hostname) {
        PeerView peer = known(hostname);
        try {
            long nanos = probe.ping(peer.address(), peer.port());
            roundTrips.measured(hostname, nanos);
            return new PingResult(hostname, peer.address(), peer.port(), true, nanos / 1_000_000.0, null);
        } catch (IOException e) {
            return new PingResult(hostname, peer.address(), peer.port(), false, null, PeerProbe.describe(e));
        }
    }

    /**
     * The peer's own LIST when it answers, at most tracker.probe.max-discover-files entries (then
     * {@code truncated} is true and {@code totalFiles} says how many it has); otherwise what it last announced,
     * and why the LIST failed.
     */
    public DiscoverResult discover(String hostname) {
        PeerView peer = known(hostname);
        try {
            PeerProbe.Listing listing = probe.list(peer.address(), peer.port());
            return new DiscoverResult(hostname, DiscoverResult.LIVE, null, listing.files(), listing.truncated(),
                    listing.total());
        } catch (IOException e) {
            return new DiscoverResult(hostname, DiscoverResult.REGISTRY, PeerProbe.describe(e),
                    registry.files(hostname).orElseThrow(() -> RegistryException.unknownPeer(hostname)));
        }
    }

    private PeerView known(String hostname) {
        return registry.peer(hostname).orElseThrow(() -> RegistryException.unknownPeer(hostname));
    }
}
