package io.peershare.peer.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Starts a {@link FakeTracker} before the Quarkus test application and points peer.tracker-url at it. */
public class FakeTrackerResource implements QuarkusTestResourceLifecycleManager {

    private static volatile FakeTracker tracker;

    public static FakeTracker tracker() {
        return tracker;
    }

    @Override
    public Map<String, String> start() {
        try {
            tracker = new FakeTracker();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tracker.heartbeatMillis = 200;
        return Map.of("peer.tracker-url", tracker.url().toString());
    }

    @Override
    public void stop() {
        if (tracker != null) {
            tracker.close();
        }
    }
}
