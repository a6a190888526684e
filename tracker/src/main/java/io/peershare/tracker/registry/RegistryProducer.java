package io.peershare.tracker.registry;

import io.peershare.tracker.TrackerConfig;
import io.peershare.tracker.registry.redis.RedisIdentityBook;
import io.peershare.tracker.registry.redis.RedisRegistry;
import io.peershare.tracker.registry.redis.RedisStores;
import io.peershare.tracker.registry.redis.RedisStore;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Wires the registry to the configuration and to the one clock (tests replace the clock with a movable one).
 * {@code tracker.store} picks memory or Redis; with memory, nothing connects to Redis.
 */
@ApplicationScoped
public class RegistryProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    Registry registry(Clock clock, TrackerConfig config, Instance<RedisStore> redis) {
        boolean redisStore = config.store() == TrackerConfig.Store.REDIS;
        HeartbeatPace pace = new HeartbeatPace(config.heartbeatInterval(), config.peerTtl(),
                config.heartbeatBudget().orElse(HeartbeatPace.defaultBudget(redisStore)));
        if (redisStore) {
            return new RedisRegistry(redis.get(), clock, pace, config.peerExpiry(), config.maxFilesPerPeer(),
                    config.maxPeers(), config.redis().streamMaxLength());
        }
        return new InMemoryRegistry(clock, pace, config.peerExpiry(), config.maxFilesPerPeer(), config.maxPeers());
    }

    void closeRegistry(@Disposes Registry registry) {
        if (registry instanceof RedisRegistry redis) {
            redis.close();
        }
    }

    /** Made only when the Redis store is chosen (its registry or identity book asks for it). */
    @Produces
    @Singleton
    RedisStore redisStore(Vertx vertx, TrackerConfig config,
                          @ConfigProperty(name = "quarkus.redis.hosts") Optional<String> hosts) {
        return RedisStores.connect(vertx, hosts.orElseThrow(() -> new IllegalStateException(
                "tracker.store=redis needs quarkus.redis.hosts (e.g. redis://redis:6379; env QUARKUS_REDIS_HOSTS)")),
                config.redis().keyPrefix(), config.redis().writeTimeout());
    }

    void closeRedis(@Disposes RedisStore store) {
        store.close();
    }

    /** Loaded on first use (the daemon's first registration or sweep), never in the shell. */
    @Produces
    @Singleton
    IdentityBook identities(Clock clock, TrackerConfig config, Instance<RedisStore> redis) {
        if (config.store() == TrackerConfig.Store.REDIS) {
            return new RedisIdentityBook(redis.get(), clock, config.identity().retention(), config.identity().maxBindings());
        }
        return IdentityBook.open(Path.of(config.dataDir()).resolve(IdentityBook.FILE_NAME), clock,
                config.identity().retention(), config.identity().maxBindings());
    }
}
