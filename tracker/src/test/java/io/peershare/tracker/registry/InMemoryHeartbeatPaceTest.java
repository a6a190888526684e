package io.peershare.tracker.registry;

import io.peershare.tracker.MutableClock;

import java.time.Duration;

/** The adaptive heartbeat interval on the memory store. */
class InMemoryHeartbeatPaceTest extends HeartbeatPaceContract {

    @Override
    protected Registry newRegistry(MutableClock clock, HeartbeatPace pace) {
        return new InMemoryRegistry(clock, pace, Duration.ofMinutes(10), 100, 1000);
    }
}
