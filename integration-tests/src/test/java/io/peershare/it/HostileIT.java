package io.peershare.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.peershare.protocol.api.PeerView;
import io.peershare.protocol.api.TestPeerKey;
import io.peershare.protocol.hostile.HostileClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.GenericContainer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Attacks in containers, each while the cluster keeps doing real work: slowloris against a peer's wire port
 * and against the tracker's HTTP port, a flood of registrations, a disk that fills, and a tracker killed with
 * SIGKILL and started again while an impostor tries to take a peer's name. One cluster for the whole suite
 * (a tracker, peer1 and peer2, and peer3 whose repository is a small tmpfs); the tests run in order and each
 * leaves the cluster whole for the next. Assertions are outcomes and counts, never timings.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileIT {

    private static final int BIG_MIB = 64;
    private static final int SMALL_DISK_MIB = 40;
    private static final Duration WITHIN_TTL = Duration.ofSeconds(Cluster.TTL_SECONDS + Cluster.HEARTBEAT_SECONDS + 4);

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Cluster cluster;
    private static String bigSha;

    @BeforeAll
    static void startCluster() {
        cluster = Cluster.builder().peers(2).start();
        GenericContainer<?> smallDisk = cluster.createPeer("peer3", false)
                .withTmpFs(Map.of(Cluster.REPOSITORY, "rw,size=" + SMALL_DISK_MIB + "m,uid=10001,gid=10001,mode=0755"));
        smallDisk.start();
        cluster.awaitLive("peer3");
        bigSha = cluster.randomFile(cluster.peer("peer1"), "/tmp/big.bin", BIG_MIB);
        assertThat(cluster.peerShell("peer1", "publish", "/tmp/big.bin", "big.bin").exitCode()).isZero();
        await().atMost(WITHIN_TTL).until(() -> cluster.api().sourceHosts("big.bin").contains("peer1"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aPeerHeldBySlowlorisStillServesARealFetch() throws Exception {
        String peer1 = cluster.ipAddress(cluster.peer("peer1"));
        try (HostileClient attack = HostileClient.against(peer1, Cluster.PEER_PORT, Duration.ofSeconds(2))) {
            int opened = attack.open(700, HostileClient.Behaviour.IDLE)
                    + attack.open(700, HostileClient.Behaviour.TRICKLE)
                    + attack.open(300, HostileClient.Behaviour.STALL_MID_FRAME)
                    + attack.open(300, HostileClient.Behaviour.HELLO_THEN_IDLE);
            assertThat(opened).as("connections the attacker opened").isGreaterThan(1500);
            Shell.Result fetch = cluster.peerShell("peer2", "fetch", "big.bin");
            assertThat(fetch.exitCode()).as(fetch.toString()).isZero();
            assertThat(cluster.sha256(cluster.peer("peer2"), Cluster.REPOSITORY + "/big.bin")).isEqualTo(bigSha);
            await("the peer closes the idle, trickling and stalled connections").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(attack.closedByServer()).isGreaterThan(opened * 9 / 10));
            System.out.printf("peer slowloris: %d opened, %d closed by the peer, the longest lived %s%n",
                    opened, attack.closedByServer(), attack.longestLife());
        }
        assertThat(cluster.api().peer("peer1").map(PeerView::live)).contains(true);
    }

    @Test
    @Order(2)
    void aTrackerHeldBySlowlorisKeepsAnsweringAndThePeersStayLive() throws Exception {
        String tracker = cluster.ipAddress(cluster.tracker());
        byte[] request = ("POST /api/v1/peers HTTP/1.1\r\nHost: tracker\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100000\r\n\r\n{\"hostname\":\"").getBytes(StandardCharsets.US_ASCII);
        try (SlowClients attack = SlowClients.open(tracker, Cluster.TRACKER_PORT, 1000, request)) {
            assertThat(attack.opened()).isGreaterThan(800);
            // Over two TTLs the peers keep heartbeating through the attack: never dropped from the registry.
            long until = System.nanoTime() + Duration.ofSeconds(2L * Cluster.TTL_SECONDS).toNanos();
            while (System.nanoTime() < until) {
                assertThat(cluster.api().peers()).filteredOn(PeerView::live).extracting(PeerView::hostname)
                        .contains("peer1", "peer2", "peer3");
                Thread.sleep(500);
            }
            await("the tracker closes the trickling connections").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(attack.closedByServer()).isGreaterThan(attack.opened() * 9 / 10));
            System.out.printf("tracker slowloris: %d opened, %d closed by the tracker%n", attack.opened(), attack.closedByServer());
        }
    }

    /**
     * 3,000 registrations under new names, each claiming to be peer2's real address and port: a peer that
     * answers PING, so a tracker that checks only reachability would list every one of them (and connect to
     * peer2 3,000 times on a stranger's say-so). None may be listed, none may hang, none may be a 500.
     */
    @Test
    @Order(3)
    void aFloodOfRegistrationsForSomeoneElsesAddressListsNothingAndTheRealPeersStayListed() throws Exception {
        String victim = cluster.ipAddress(cluster.peer("peer2"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String url = cluster.trackerUrl() + "/api/v1/peers";
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger unanswered = new AtomicInteger();
        AtomicBoolean flooding = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                // Half signed with a fresh key of their own (keys cost an attacker nothing), half not signed at all.
                String body = i % 2 == 0
                        ? JSON.writeValueAsString(TestPeerKey.generate().register("flood" + i, victim, Cluster.PEER_PORT, null,
                                System.currentTimeMillis()))
                        : "{\"hostname\":\"flood" + i + "\",\"address\":\"" + victim + "\",\"port\":" + Cluster.PEER_PORT + "}";
                sent.add(CompletableFuture.runAsync(() -> {
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(15))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                    } catch (Exception e) {
                        unanswered.incrementAndGet();
                    }
                }, pool));
            }
            CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> {
                while (flooding.get()) {
                    assertThat(cluster.api().peers()).filteredOn(PeerView::live).extracting(PeerView::hostname)
                            .as("the real peers stay live through the flood").contains("peer1", "peer2", "peer3");
                    sleep(500);
                }
            });
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
            flooding.set(false);
            watcher.join();
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("registration flood: answers by status %s, %d without an answer%n", statuses, unanswered.get());
        assertThat(cluster.api().peers()).extracting(PeerView::hostname).as("listed after the flood")
                .containsExactlyInAnyOrder("peer1", "peer2", "peer3");
        assertThat(unanswered.get()).as("registrations left without an answer").isZero();
        assertThat(statuses.keySet()).as("statuses").allMatch(s -> s >= 400 && s < 500 || s == 503);
    }

    @Test
    @Order(4)
    void aDiskThatFillsEndsTheFetchWithOneLineAndThePeerServesOn() {
        cluster.randomFile(cluster.peer("peer1"), "/tmp/small.bin", 1);
        assertThat(cluster.peerShell("peer1", "publish", "/tmp/small.bin", "small.bin").exitCode()).isZero();
        await().atMost(WITHIN_TTL).until(() -> cluster.api().sourceHosts("small.bin").contains("peer1"));
        assertThat(cluster.peerShell("peer3", "fetch", "small.bin").exitCode()).isZero();

        Shell.Result full = cluster.peerShell("peer3", "fetch", "big.bin");
        assertThat(full.exitCode()).as(full.toString()).isNotZero();
        assertThat(full.output()).as("says what failed").contains("big.bin").containsIgnoringCase("disk");
        assertThat(cluster.sha256(cluster.peer("peer3"), Cluster.REPOSITORY + "/big.bin")).as("nothing under the final name").isNull();
        Shell.Result space = cluster.sh(cluster.peer("peer3"), "df -m --output=used " + Cluster.REPOSITORY + " | tail -n 1");
        assertThat(Integer.parseInt(space.stdout().strip())).as("MiB still used: the partial data is removed").isLessThan(8);

        assertThat(cluster.peerShell("peer2", "fetch", "small.bin").exitCode()).as("the full peer still serves").isZero();
        assertThat(cluster.api().peer("peer3").map(PeerView::live)).contains(true);
    }

    @Test
    @Order(5)
    void aTrackerKilledAndStartedAgainKeepsThePeersNamesFromAnImpostor() {
        String realAddress = cluster.api().peer("peer1").orElseThrow().address();
        cluster.pause(cluster.peer("peer1"));
        try {
            cluster.killAndStartTracker();
            // Its own address (so the address rule lets it through), its own key, peer1's name.
            GenericContainer<?> impostor = cluster.createPeer("impostor", false)
                    .withEnv("PEER_HOSTNAME", "peer1")
                    .withEnv("PEER_ADVERTISED_ADDRESS", "impostor");
            impostor.start();
            // The impostor asks for the name while the real peer1 is frozen and the tracker has just restarted.
            await("the impostor's registration answered").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> impostor.getLogs().contains("registered with the tracker at")
                            || impostor.getLogs().contains("cannot register with the tracker"));
            assertThat(cluster.api().peer("peer1").map(PeerView::address)).as("who holds the name peer1")
                    .satisfiesAnyOf(p -> assertThat(p).isEmpty(), p -> assertThat(p).contains(realAddress));
            assertThat(impostor.getLogs()).as("refused for the name, not for its address").contains("409");
            System.out.printf("impostor: %s%n", impostor.getLogs().lines()
                    .filter(l -> l.contains("register with the tracker") || l.contains("registered with the tracker"))
                    .findFirst().orElse("?"));
        } finally {
            cluster.unpause(cluster.peer("peer1"));
        }
        await("peer1 back under its own name").atMost(WITHIN_TTL).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(cluster.api().peer("peer1").map(PeerView::live)).contains(true);
            assertThat(cluster.api().peer("peer1").map(PeerView::address)).contains(realAddress);
            assertThat(cluster.api().sourceHosts("big.bin")).contains("peer1");
        });
        assertThat(cluster.api().peer("peer2").map(PeerView::live)).as("the others keep their names too").contains(true);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
