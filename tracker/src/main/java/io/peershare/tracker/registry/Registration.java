package io.peershare.tracker.registry;

import io.peershare.protocol.api.RegisterRequest;
import io.peershare.protocol.api.RegisterResponse;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Registration = the registry's rules plus a reachability check. The cheap rules run first so a refused
 * name costs no network round trip; the probe runs outside any registry lock, so a slow peer never blocks
 * others; the registry re-checks the rules atomically when it finally records the peer.
 */
@ApplicationScoped
public class Registration {

    private static final Logger LOG = Logger.getLogger(Registration.class);

    private final Registry registry;
    private final Reachability reachability;

    public Registration(Registry registry, Reachability reachability) {
        this.registry = registry;
        this.reachability = reachability;
    }

    public RegisterResponse register(RegisterRequest request) {
        registry.checkRegistrable(request);
        reachability.verify(request.hostname(), request.address(), request.port());
        RegisterResponse response = registry.register(request);
        LOG.infof("registered %s at %s:%d", request.hostname(), request.address(), request.port());
        return response;
    }
}
