package io.peershare.tracker.registry.redis;

import io.peershare.tracker.MutableClock;
import io.peershare.tracker.registry.Registry;
import io.peershare.tracker.registry.RegistryContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The registry contract on the Redis store: one replica, on a key prefix of its own. */
class RedisRegistryTest extends RegistryContract {

    /** Static: the contract makes its registry while this subclass' instance fields are not yet set. */
    private static final List<RedisStore> STORES = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void redis() {
        assumeTrue(RedisFixture.url().isPresent(), RedisFixture.HOW_TO);
    }

    @Override
    protected Registry newRegistry(MutableClock clock, int maxPeers) {
        RedisStore store = RedisFixture.store(RedisFixture.freshPrefix());
        STORES.add(store);
        return new RedisRegistry(store, clock, Duration.ofSeconds(5), TTL, EXPIRY, 100, maxPeers, 100_000,
                Duration.ofMillis(200));
    }

    /** 2,000 holders: four times the 200 the largest sample takes, at 4,000 writes instead of 20,000. */
    @Override
    protected int manyHolders() {
        return 2_000;
    }

    @AfterEach
    void closeStores() {
        STORES.forEach(RedisStore::close);
        STORES.clear();
    }
}
