package io.peershare.tracker.registry;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The interval asked of a population, and the TTL that follows it up at once and down only when safe. */
class HeartbeatPaceTest {

    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    private final HeartbeatPace pace = new HeartbeatPace(Duration.ofSeconds(5), Duration.ofSeconds(15), 100);

    @Test
    void shouldAskForTheConfiguredIntervalUntilThePopulationWouldExceedTheBudget() {
        assertThat(pace.intervalMillisFor(0)).isEqualTo(5_000);
        assertThat(pace.intervalMillisFor(500)).isEqualTo(5_000);
        assertThat(pace.intervalMillisFor(1_000)).isEqualTo(10_000);
        assertThat(pace.intervalMillisFor(1_001)).isEqualTo(11_000); // whole seconds, rounded up: never over budget
        HeartbeatPace byDefault = new HeartbeatPace(Duration.ofSeconds(5), Duration.ofSeconds(15),
                HeartbeatPace.defaultBudget(false));
        assertThat(byDefault.intervalMillisFor(10_000)).isEqualTo(5_000);
        assertThat(byDefault.intervalMillisFor(25_000)).isEqualTo(5_000);
        assertThat(byDefault.intervalMillisFor(100_000)).isEqualTo(20_000);
        HeartbeatPace onRedis = new HeartbeatPace(Duration.ofSeconds(5), Duration.ofSeconds(15),
                HeartbeatPace.defaultBudget(true)); // a heartbeat there is a script and a stream entry
        assertThat(onRedis.intervalMillisFor(10_000)).isEqualTo(5_000);
        assertThat(onRedis.intervalMillisFor(100_000)).isEqualTo(50_000);
        assertThat(HeartbeatPace.fixed(Duration.ofSeconds(5), Duration.ofSeconds(15)).intervalMillisFor(10_000_000))
                .isEqualTo(5_000);
    }

    @Test
    void shouldGrowTheTtlWithTheIntervalAtOnce() {
        pace.observe(1_000, T0);

        assertThat(pace.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(pace.ttl()).isEqualTo(Duration.ofSeconds(30)); // the configured ratio, 15 s / 5 s
    }

    @Test
    void shouldKeepTheLongerTtlUntilEveryPeerToldTheLongerIntervalHadTheTimeToHearTheShorterOne() {
        pace.observe(2_000, T0);
        long version = pace.version();

        pace.observe(100, T0.plusSeconds(1));
        assertThat(pace.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(pace.ttl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(pace.version()).isEqualTo(version + 1);

        pace.observe(100, T0.plusSeconds(61));
        assertThat(pace.ttl()).isEqualTo(Duration.ofSeconds(60)); // told 20 s until T0+1: owed 60 s from then

        pace.observe(100, T0.plusSeconds(62));
        assertThat(pace.ttl()).isEqualTo(Duration.ofSeconds(15));
        assertThat(pace.version()).isEqualTo(version + 2);
    }

    @Test
    void shouldRememberEachStepOfAShrinkingInterval() {
        pace.observe(3_000, T0);                  // 30 s, TTL 90 s
        pace.observe(1_000, T0.plusSeconds(10));  // 10 s; 30 s held until T0+10
        pace.observe(100, T0.plusSeconds(90));    // 5 s; 10 s held until T0+90

        assertThat(pace.ttl()).isEqualTo(Duration.ofSeconds(90)); // 30 s is owed until T0+100
        pace.observe(100, T0.plusSeconds(101));
        assertThat(pace.ttl()).isEqualTo(Duration.ofSeconds(30)); // 10 s is owed until T0+120
        pace.observe(100, T0.plusSeconds(121));
        assertThat(pace.ttl()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void shouldLetOneCallerRecountPerSecond() {
        assertThat(pace.recountDue(T0)).isTrue();
        assertThat(pace.recountDue(T0)).isFalse();
        assertThat(pace.recountDue(T0.plusMillis(999))).isFalse();
        assertThat(pace.recountDue(T0.plusSeconds(1))).isTrue();
    }
}
