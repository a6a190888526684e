package io.peershare.tracker.probe;

import io.peershare.tracker.TrackerConfig;
import io.peershare.tracker.dashboard.RoundTrips;
import io.peershare.tracker.registry.Reachability;
import io.peershare.tracker.registry.RegistryException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;

/** Registration's reachability check: a wire PING to the advertised address, unless turned off. */
@ApplicationScoped
public class ProbeReachability implements Reachability {

    private final PeerProbe probe;
    private final boolean enabled;
    private final RoundTrips roundTrips;

    public ProbeReachability(PeerProbe probe, TrackerConfig config, RoundTrips roundTrips) {
        this.probe = probe;
        this.roundTrips = roundTrips;
        this.enabled = config.verifyReachability();
    }

    @Override
    public void verify(String hostname, String address, int port) {
        if (!enabled) {
            return;
        }
        try {
            roundTrips.measured(hostname, probe.ping(address, port));
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Kind.UNREACHABLE, "the tracker cannot reach " + hostname + " at "
                    + address + ":" + port + " (" + PeerProbe.describe(e) + "); set PEER_ADVERTISED_ADDRESS to an address "
                    + "the tracker can reach, and check that the peer's file server listens there");
        }
    }
}
