package io.peershare.tracker.registry;

import io.peershare.tracker.TrackerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.time.Clock;

/** Wires the registry to the configuration and to the one clock (tests replace the clock with a movable one). */
@ApplicationScoped
public class RegistryProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    Registry registry(Clock clock, TrackerConfig config) {
        return new InMemoryRegistry(clock, config.heartbeatInterval(), config.peerTtl(), config.peerExpiry(),
                config.maxFilesPerPeer(), config.maxPeers());
    }

    /** Loaded on first use (the daemon's first registration or sweep), never in the shell. */
    @Produces
    @Singleton
    IdentityBook identities(Clock clock, TrackerConfig config) {
        return IdentityBook.open(Path.of(config.dataDir()).resolve(IdentityBook.FILE_NAME), clock,
                config.identity().retention(), config.identity().maxBindings());
    }
}
