package io.peershare.it;

import io.peershare.it.population.Population;
import io.peershare.it.population.PopulationConfig;
import io.peershare.it.population.Stats;
import io.peershare.protocol.api.PeerView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two tracker replicas on one Redis behind the load balancer, as {@code compose.replicated.yaml} runs them: a
 * replica killed with {@code kill -9} in the middle of a fetch loses no registration and no announced file,
 * a simulated population of {@value #POPULATION} peers registers and announces through the balancer and every
 * replica lists all of it, and a Redis that restarts empty is refilled by the peers. One cluster for the whole
 * class (the scenarios run in order; the Redis restart comes last). The trackers check no reachability and take
 * 127.0.0.0/8 from any source, so the simulated peers (which serve nothing) can register from the test's JVM;
 * every other address must be the one the balancer forwards for the sender.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicatedIT {

    private static final int LARGE_MIB = 64;
    /** 64 MiB at 48 Mbit/s is about 11 s: long enough to kill a replica in the middle. */
    private static final String SLOW_LINK = "48mbit";
    /** Generous: a TTL, heartbeats and slack for a loaded 2-core machine (the measured time is printed). */
    private static final Duration SETTLE = Duration.ofSeconds(Cluster.TTL_SECONDS + 3L * Cluster.HEARTBEAT_SECONDS + 15);

    private static final int POPULATION = 10_000;
    private static final int POPULATION_FILES = 10;
    private static final String POPULATION_NETWORK = "127.0.0.0/8";

    private static Cluster cluster;
    private static String movieSha;

    @BeforeAll
    static void start() {
        cluster = Cluster.builder().replicatedTrackers(2).peers(3).netAdmin()
                .trackerEnv("TRACKER_VERIFY_REACHABILITY", "false")
                // The simulated peers advertise 127.0.0.1 from the test's JVM; the real peers must advertise the
                // address the balancer forwards for them.
                .trackerEnv("TRACKER_REGISTRATION_ALLOWED_NETWORKS", POPULATION_NETWORK)
                .start();
        movieSha = cluster.randomFile(cluster.peer("peer1"), "/tmp/movie.bin", LARGE_MIB);
        assertThat(cluster.peerShell("peer1", "publish", "/tmp/movie.bin", "movie.bin").exitCode()).isZero();
        await().atMost(SETTLE).until(() -> cluster.api().sourceHosts("movie.bin").contains("peer1"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void everyReplicaServesWhatAnyReplicaWasTold() {
        for (int i = 1; i <= cluster.replicated().size(); i++) {
            Shell.Result files = Shell.run(cluster.replicated().replica(i), "tracker", "files");
            assertThat(files.exitCode()).as(files.toString()).isZero();
            assertThat(files.stdout()).as("tracker-" + i + "'s own view").contains("movie.bin");
        }
    }

    @Test
    @Order(0)
    void throughTheBalancerAPeerMayAdvertiseOnlyItsOwnAddress() throws Exception {
        // The real peers registered through the balancer advertising their own addresses (the cluster started):
        // the replicas took the sender's address from the balancer's X-Forwarded-For. A client advertising
        // someone else's address is refused, whatever X-Forwarded-For it sends itself (the balancer drops it).
        PopulationConfig small = PopulationConfig.of(URI.create(cluster.trackerUrl()), 1, 1);
        PopulationConfig liar = new PopulationConfig(small.tracker(), 1, 1, small.catalog(), small.skew(), 0,
                small.heartbeatInterval(), small.duration(), 1, small.timeout(), "liar", "10.9.9.9", 0, 1, null);
        try (Population population = new Population(liar)) {
            population.fill();
            assertThat(population.registered.outcomes()).as("registrations by status").containsOnlyKeys("422");
        }
        assertThat(cluster.api().peers()).extracting(PeerView::hostname).noneMatch(name -> name.startsWith("liar"));
    }

    @Test
    @Order(2)
    void aReplicaKilledMidFetchLosesNoRegistrationAndNoFile() throws Exception {
        Map<String, Instant> registered = registrations();
        cluster.throttle(cluster.peer("peer1"), SLOW_LINK);
        CompletableFuture<Shell.Result> fetch = CompletableFuture.supplyAsync(() -> cluster.peerShell("peer2", "fetch", "movie.bin"));
        await("peer2 has started receiving").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.rxBytes(cluster.peer("peer2")) > 4L << 20);

        cluster.replicated().killReplica(1);
        // Writes while a replica is dead: an announce, and heartbeats of every peer (several intervals).
        String notes = cluster.randomFile(cluster.peer("peer3"), "/tmp/notes.bin", 1);
        Shell.Result publish = cluster.peerShell("peer3", "publish", "/tmp/notes.bin", "notes.bin");
        assertThat(publish.exitCode()).as(publish.toString()).isZero();

        Shell.Result result = fetch.get();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(cluster.sha256(cluster.peer("peer2"), Cluster.REPOSITORY + "/movie.bin")).isEqualTo(movieSha);
        await("the announce made while tracker-1 was dead is listed").atMost(SETTLE)
                .untilAsserted(() -> assertThat(cluster.api().sourceHosts("notes.bin")).containsExactly("peer3"));
        assertThat(registrations()).as("no peer had to register again: every heartbeat found its registration")
                .isEqualTo(registered);

        cluster.replicated().startReplica(1);
        Shell.Result files = Shell.run(cluster.replicated().replica(1), "tracker", "files");
        assertThat(files.stdout()).as("tracker-1 restarted loads the whole registry").contains("movie.bin", "notes.bin");
        assertThat(cluster.sha256(cluster.peer("peer3"), Cluster.REPOSITORY + "/notes.bin")).isEqualTo(notes);
    }

    @Test
    @Order(3)
    void aPopulationOfTenThousandPeersRegistersThroughTheBalancerAndEveryReplicaListsIt() throws Exception {
        PopulationConfig small = PopulationConfig.of(URI.create(cluster.trackerUrl()), POPULATION, POPULATION_FILES);
        // More requests at once than the default 16: a registration waits on Redis round trips, not on CPU.
        PopulationConfig config = new PopulationConfig(small.tracker(), small.peers(), small.filesPerPeer(),
                small.catalog(), small.skew(), small.registerRate(), small.heartbeatInterval(), small.duration(), 64,
                Duration.ofSeconds(30), small.prefix(), small.address(), small.partialShare(), small.seed(), small.keys());
        try (Population population = new Population(config)) {
            population.fill();
            // A peer retries a 503 (a replica or Redis slow to answer on 2 busy cores): allowed, but rare.
            assertThat(finalAnswers(population.registered)).as("registrations by status").containsOnlyKeys("201");
            assertThat(finalAnswers(population.announced)).as("announces by status").containsOnlyKeys("204");
            assertThat(population.registered.retries() + population.announced.retries())
                    .as("503s retried, of %d requests: %s %s", 2 * POPULATION, population.registered.outcomes(),
                            population.announced.outcomes()).isLessThanOrEqualTo(POPULATION / 100);
            assertThat(population.registered.succeeded()).isEqualTo(POPULATION);

            String someone = population.hostname(POPULATION / 2);
            await("every registration is in the registry, through either replica").atMost(SETTLE).untilAsserted(() ->
                    assertThat(cluster.api().peers()).hasSize(POPULATION + 3));
            for (int i = 1; i <= cluster.replicated().size(); i++) {
                Shell.Result peers = Shell.run(cluster.replicated().replica(i), "tracker", "peers");
                assertThat(peers.exitCode()).as(peers.toString()).isZero();
                assertThat(peers.stdout().lines().filter(line -> line.contains("sim-")).count())
                        .as("tracker-" + i + "'s own view of the population").isEqualTo(POPULATION);
                assertThat(peers.stdout()).contains(someone);
            }
            assertThat(cluster.api().files(someone)).as("the announce of " + someone).hasSize(POPULATION_FILES);
        }
    }

    @Test
    @Order(4)
    void aRedisRestartedEmptyIsRefilledByThePeers() {
        cluster.replicated().killAndStartRedis();
        long restartedAt = System.nanoTime();
        await("registry whole again").atMost(SETTLE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(cluster.api().peers()).filteredOn(PeerView::live).extracting(PeerView::hostname)
                    .containsExactlyInAnyOrder("peer1", "peer2", "peer3");
            assertThat(cluster.api().sourceHosts("movie.bin")).containsExactly("peer1", "peer2");
            assertThat(cluster.api().sourceHosts("notes.bin")).containsExactly("peer3");
        });
        System.out.printf("registry whole again %.1f s after Redis restarted empty (heartbeat %d s)%n",
                (System.nanoTime() - restartedAt) / 1e9, Cluster.HEARTBEAT_SECONDS);
        for (int i = 1; i <= cluster.replicated().size(); i++) {
            Shell.Result files = Shell.run(cluster.replicated().replica(i), "tracker", "files");
            assertThat(files.stdout()).as("tracker-" + i + " after the Redis restart").contains("movie.bin", "notes.bin");
        }
    }

    private static Map<String, Instant> registrations() {
        return cluster.api().peers().stream().collect(Collectors.toMap(PeerView::hostname, PeerView::registeredAt));
    }

    private static Map<String, Long> finalAnswers(Stats stats) {
        Map<String, Long> answers = new TreeMap<>(stats.outcomes());
        answers.keySet().removeIf(outcome -> outcome.endsWith(" retried"));
        return answers;
    }
}
