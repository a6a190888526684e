package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.RegisterRequest;
import io.peershare.protocol.api.RegisterResponse;
import io.peershare.tracker.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adaptive heartbeat interval on a registry, whatever the store: a budget of 10 heartbeats a second and
 * 200 live peers ask for 20 s (TTL 60 s at the 5 s / 15 s ratio), and no peer keeping what it was told expires.
 */
public abstract class HeartbeatPaceContract {

    protected static final int PEERS = 200;
    protected final MutableClock clock = new MutableClock();
    private final Registry registry = newRegistry(clock,
            new HeartbeatPace(Duration.ofSeconds(5), Duration.ofSeconds(15), 10));
    private final Map<String, String> tokens = new HashMap<>();

    /** A new, empty registry of this store with {@code pace}, expiry 10 min. */
    protected abstract Registry newRegistry(MutableClock clock, HeartbeatPace pace);

    @AfterEach
    void close() throws Exception {
        if (registry instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private void registerAll() {
        registerHolders("peer", PEERS, false);
        clock.advance(Duration.ofSeconds(1)); // the next answer counts the live peers again
    }

    private void registerHolders(String prefix, int count, boolean holding) {
        for (int i = 0; i < count; i++) {
            String hostname = prefix + i;
            tokens.put(hostname, registry.register(new RegisterRequest(hostname, "10.0.0.1", 7070, null)).token());
            if (holding) {
                registry.replaceFiles(hostname, tokens.get(hostname), List.of(new FileEntry("f.iso", 42, "a".repeat(64))));
            }
        }
    }

    @Test
    void shouldCountSilentHoldersAgainWhenTheTtlGrowsOverThem() {
        registerHolders("early", 40, true);
        clock.advance(Duration.ofSeconds(20)); // silent past 15 s: not live
        assertThat(registry.counts().live()).isZero(); // counted now: no count due for a second
        registerHolders("peer", PEERS, true);
        assertThat(registry.sources("f.iso", null).getFirst().completeSources()).isEqualTo(PEERS); // kept

        clock.advance(Duration.ofSeconds(1)); // 200 live: told 20 s, TTL 60 s covers the early ones again

        assertThat(registry.sources("f.iso", null).getFirst().completeSources()).isEqualTo(PEERS + 40);
    }

    @Test
    void shouldTellALargePopulationALongerIntervalAndNeverExpireAPeerKeepingIt() {
        registerAll();
        RegisterResponse answer = registry.heartbeat("peer0", tokens.get("peer0"));
        assertThat(answer.heartbeatIntervalMillis()).isEqualTo(20_000);
        assertThat(answer.ttlMillis()).isEqualTo(60_000);

        for (int round = 0; round < 4; round++) {
            clock.advance(Duration.ofSeconds(20)); // silent for the told interval: past the configured 15 s TTL
            assertThat(registry.counts().live()).isEqualTo(PEERS);
            tokens.forEach((hostname, token) -> assertThat(registry.heartbeat(hostname, token).heartbeatIntervalMillis())
                    .isEqualTo(20_000));
        }
        assertThat(registry.register(new RegisterRequest("late", "10.0.0.1", 7070, null)).heartbeatIntervalMillis())
                .isEqualTo(20_000);
    }

    @Test
    void shouldKeepTheLongerTtlWhileAPeerToldTheLongerIntervalHasNotHeardTheShorterOne() {
        registerAll();
        assertThat(registry.heartbeat("peer0", tokens.get("peer0")).heartbeatIntervalMillis()).isEqualTo(20_000);
        for (int i = 10; i < PEERS; i++) {
            registry.unregister("peer" + i, tokens.get("peer" + i));
        }
        clock.advance(Duration.ofSeconds(1));

        RegisterResponse shorter = registry.heartbeat("peer1", tokens.get("peer1"));
        assertThat(shorter.heartbeatIntervalMillis()).isEqualTo(5_000);
        assertThat(shorter.ttlMillis()).isEqualTo(60_000);
        clock.advance(Duration.ofSeconds(29)); // peer0, told 20 s, is 10 s late: within the TTL it was promised
        assertThat(registry.peer("peer0").orElseThrow().live()).isTrue();

        clock.advance(Duration.ofSeconds(40)); // 60 s after the last answer that said 20 s
        assertThat(registry.heartbeat("peer1", tokens.get("peer1")).ttlMillis()).isEqualTo(15_000);
        assertThat(registry.peer("peer0").orElseThrow().live()).isFalse();
    }
}
