package io.peershare.tracker.api;

import io.peershare.protocol.api.PeerView;
import io.peershare.tracker.registry.Registry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.List;

/** Readiness: the registry answers; its peer counts help an operator at a glance. */
@Readiness
@ApplicationScoped
public class RegistryHealthCheck implements HealthCheck {

    private final Registry registry;

    public RegistryHealthCheck(Registry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        List<PeerView> peers = registry.peers();
        return HealthCheckResponse.named("registry").up()
                .withData("peers", peers.size())
                .withData("livePeers", peers.stream().filter(PeerView::live).count())
                .build();
    }
}
