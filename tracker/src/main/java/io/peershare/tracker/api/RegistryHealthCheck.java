package io.peershare.tracker.api;

import io.peershare.tracker.registry.PeerCounts;
import io.peershare.tracker.registry.Registry;
import io.peershare.tracker.registry.redis.RedisRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

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
        PeerCounts counts = registry.counts();
        if (registry instanceof RedisRegistry redis) {
            // Down only until the view is loaded once: afterwards reads are served from it even while Redis is away.
            return HealthCheckResponse.named("registry").status(redis.loaded())
                    .withData("store", "redis")
                    .withData("storeReachable", redis.reachable())
                    .withData("peers", counts.peers())
                    .withData("livePeers", counts.live())
                    .build();
        }
        return HealthCheckResponse.named("registry").up()
                .withData("peers", counts.peers())
                .withData("livePeers", counts.live())
                .build();
    }
}
