package io.peershare.tracker.probe;

import io.peershare.protocol.api.DiscoverResult;
import io.peershare.protocol.api.PeerView;
import io.peershare.protocol.api.PingResult;
import io.peershare.tracker.registry.Registry;
import io.peershare.tracker.registry.RegistryException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;

/** The tracker's ping and discover: look the peer up in the registry, then ask it over the wire. */
@ApplicationScoped
public class ProbeService {

    private final Registry registry;
    private final PeerProbe probe;

    public ProbeService(Registry registry, PeerProbe probe) {
        this.registry = registry;
        this.probe = probe;
    }

    /** Alive or not is an answer (200); only an unknown hostname is an error. */
    public PingResult ping(String hostname) {
        PeerView peer = known(hostname);
        try {
            long nanos = probe.ping(peer.address(), peer.port());
            return new PingResult(hostname, peer.address(), peer.port(), true, nanos / 1_000_000.0, null);
        } catch (IOException e) {
            return new PingResult(hostname, peer.address(), peer.port(), false, null, PeerProbe.describe(e));
        }
    }

    /** The peer's own LIST when it answers; otherwise what it last announced, and why the LIST failed. */
    public DiscoverResult discover(String hostname) {
        PeerView peer = known(hostname);
        try {
            return new DiscoverResult(hostname, DiscoverResult.LIVE, null, probe.list(peer.address(), peer.port()));
        } catch (IOException e) {
            return new DiscoverResult(hostname, DiscoverResult.REGISTRY, PeerProbe.describe(e),
                    registry.files(hostname).orElseThrow(() -> RegistryException.unknownPeer(hostname)));
        }
    }

    private PeerView known(String hostname) {
        return registry.peer(hostname).orElseThrow(() -> RegistryException.unknownPeer(hostname));
    }
}
