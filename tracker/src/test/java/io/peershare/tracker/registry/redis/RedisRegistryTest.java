package io.peershare.tracker.registry.redis;

import io.peershare.tracker.MutableClock;
import io.peershare.tracker.registry.HeartbeatPace;
import io.peershare.tracker.registry.HeartbeatPaceContract;
import io.peershare.tracker.registry.Registry;
import io.peershare.tracker.registry.RegistryContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

import java.time.Duration;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The registry contract on the Redis store: one replica, on a key prefix of its own. */
class RedisRegistryTest extends RegistryContract {

    @BeforeAll
    static void redis() {
        assumeTrue(RedisFixture.url().isPresent(), RedisFixture.HOW_TO);
    }

    @Override
    protected Registry newRegistry(MutableClock clock, int maxPeers) {
        return new RedisRegistry(RedisFixture.openedStore(), clock, Duration.ofSeconds(5), TTL, EXPIRY, 100, maxPeers,
                100_000, Duration.ofMillis(200));
    }

    /** 2,000 holders: four times the 200 the largest sample takes, at 4,000 writes instead of 20,000. */
    @Override
    protected int manyHolders() {
        return 2_000;
    }

    @AfterEach
    void closeStores() {
        RedisFixture.closeOpened();
    }

    /** The adaptive heartbeat interval on the Redis store: the replica's view counts the live peers. */
    @Nested
    class Pace extends HeartbeatPaceContract {

        @Override
        protected Registry newRegistry(MutableClock clock, HeartbeatPace pace) {
            return new RedisRegistry(RedisFixture.openedStore(), clock, pace, EXPIRY, 100, 1000, 100_000,
                    Duration.ofMillis(200));
        }
    }
}
