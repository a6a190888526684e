package io.peershare.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.containers.wait.strategy.Wait;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;

/**
 * A real peershare network: one Docker network, a tracker reachable by the alias {@code tracker}, and
 * peers reachable by their names ({@code peer1}, ...), each its own container from the images of
 * {@code Dockerfile.tracker} / {@code Dockerfile.peer}. The test reaches the tracker's REST API on a random
 * mapped port and drives shells with {@code docker exec}, as a user does.
 *
 * <p>Time settings are short (heartbeat 1 s, TTL {@value #TTL_SECONDS} s, probe deadlines 1 s + 2 s), so the
 * suites see expiry and failure quickly. {@link Builder#linkRate} caps every peer's upload the way
 * {@code PEER_LINK_RATE=... deploy/up.sh} does, and {@link #txBytes} counts what a container sent, so a swarm
 * suite can assert "the seed uploaded fewer than 3 copies" as a count rather than a timing. Every container and the network carry the label {@value #LABEL};
 * {@link #close()} removes them all, and {@code .ci/run} removes anything a crashed run left behind.
 */
public final class Cluster implements AutoCloseable {

    /** Label on everything the suites create (containers, networks, images), for CI's clean-up. */
    public static final String LABEL = "io.peershare.it";
    /**
     * Which run created a resource: the process id of the run's owner ({@code PEERSHARE_IT_RUN}, set by
     * {@code .ci/run} to its own pid), else this JVM's pid. {@code .ci/run} removes leftovers only of runs
     * whose process is gone, so two runs on one Docker engine leave each other alone.
     */
    public static final String RUN_LABEL = LABEL + ".run";
    public static final String RUN = runId();
    public static final int TRACKER_PORT = 8080;
    public static final int PEER_PORT = 7070;
    public static final int TTL_SECONDS = 4;
    public static final int HEARTBEAT_SECONDS = 1;
    public static final int PROBE_CONNECT_SECONDS = 1;
    public static final int PROBE_READ_SECONDS = 2;
    /** The repository folder inside a peer container (the image's volume). */
    public static final String REPOSITORY = "/data/repository";
    /** The device whose egress a peer's link shaping caps, and whose counters {@link #txBytes} reads. */
    public static final String LINK_DEVICE = "eth0";

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Network network;
    /** The tracker URL's container: the tracker, or the load balancer in front of replicated trackers. */
    private final GenericContainer<?> tracker;
    /** Redis, replicas and balancer when the cluster runs replicated trackers; null with one tracker. */
    private final ReplicatedTrackers replicated;
    private final Map<String, GenericContainer<?>> peers = new LinkedHashMap<>();
    private final Builder settings;
    private final TrackerApi api;

    private Cluster(Builder settings) {
        this.settings = settings;
        this.network = Network.builder()
                .createNetworkCmdModifier(cmd -> cmd.withLabels(labels()))
                .build();
        this.replicated = settings.replicas == 0 ? null
                : new ReplicatedTrackers(this, network, settings.replicas, labels(), this::trackerContainer);
        this.tracker = replicated == null ? trackerContainer("tracker") : replicated.front();
        this.api = new TrackerApi(this::trackerUrl);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The tracker's REST API (base {@code /api/v1}) on its current mapped port. */
    public TrackerApi api() {
        return api;
    }

    public GenericContainer<?> tracker() {
        return tracker;
    }

    /** The replicated tracker tier (Redis, replicas, balancer); fails on a cluster with one tracker. */
    ReplicatedTrackers replicated() {
        if (replicated == null) {
            throw new IllegalStateException("this cluster runs one tracker; build it with replicatedTrackers(n)");
        }
        return replicated;
    }

    public GenericContainer<?> peer(String name) {
        GenericContainer<?> peer = peers.get(name);
        if (peer == null) {
            throw new IllegalArgumentException("no peer " + name + " in this cluster; peers: " + peers.keySet());
        }
        return peer;
    }

    public Set<String> peerNames() {
        return peers.keySet();
    }

    public Network network() {
        return network;
    }

    /** {@code http://host:port} of the tracker, read from Docker each time (a restart may change the port). */
    public String trackerUrl() {
        InspectContainerResponse info = docker().inspectContainerCmd(tracker.getContainerId()).exec();
        Ports.Binding[] bindings = info.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(TRACKER_PORT));
        if (bindings == null || bindings.length == 0) {
            throw new IllegalStateException("the tracker container has no mapped port (is it running?)");
        }
        return "http://" + tracker.getHost() + ":" + bindings[0].getHostPortSpec();
    }

    /** Runs {@code peer <args>} in the peer's container, as {@code docker exec <peer> peer <args>} does. */
    public Shell.Result peerShell(String peer, String... args) {
        return Shell.run(peer(peer), "peer", args);
    }

    /** Runs {@code tracker <args>} in the tracker's container (with replicas: in tracker-1, on its own registry view). */
    public Shell.Result trackerShell(String... args) {
        return Shell.run(replicated == null ? tracker : replicated.replica(1), "tracker", args);
    }

    /** Runs a bash script in a container of this cluster (the peer's user). */
    public Shell.Result sh(GenericContainer<?> container, String script) {
        return Shell.bash(container, null, script);
    }

    /** Runs a bash script as root (for tc, which needs the NET_ADMIN capability too). */
    public Shell.Result shAsRoot(GenericContainer<?> container, String script) {
        return Shell.bash(container, "root", script);
    }

    /** SHA-256 (hex) of a file inside a container, or {@code null} when it does not exist. */
    public String sha256(GenericContainer<?> container, String path) {
        Shell.Result r = sh(container, "[ -f '" + path + "' ] && sha256sum '" + path + "' | cut -d' ' -f1");
        return r.exitCode() == 0 ? r.stdout().strip() : null;
    }

    /** Creates a file of {@code mebibytes} random bytes in the container and returns its SHA-256. */
    public String randomFile(GenericContainer<?> container, String path, int mebibytes) {
        Shell.Result r = sh(container, "head -c " + mebibytes + "M /dev/urandom > '" + path + "' && sha256sum '" + path + "' | cut -d' ' -f1");
        if (r.exitCode() != 0) {
            throw new IllegalStateException("could not create " + path + ": " + r);
        }
        return r.stdout().strip();
    }

    /**
     * Limits the container's outgoing bandwidth (needs {@link Builder#netAdmin()}), to make a transfer last.
     * Replaces whatever shaping the container started with ({@link Builder#linkRate}).
     */
    public void throttle(GenericContainer<?> container, String rate) {
        Shell.Result r = shAsRoot(container, "tc qdisc replace dev eth0 root tbf rate " + rate + " burst 64kb latency 100ms");
        if (r.exitCode() != 0) {
            throw new IllegalStateException("tc failed (does the container have NET_ADMIN?): " + r);
        }
    }

    /** Bytes the container has sent on {@value #LINK_DEVICE} since it started (its upload, all protocols). */
    public long txBytes(GenericContainer<?> container) {
        return deviceCounter(container, "tx_bytes");
    }

    /** Bytes the container has received on {@value #LINK_DEVICE} since it started (its download). */
    public long rxBytes(GenericContainer<?> container) {
        return deviceCounter(container, "rx_bytes");
    }

    /** {@code tc qdisc show dev eth0} in the container: the shaping it runs with ("noqueue" when unshaped). */
    public String linkQdisc(GenericContainer<?> container) {
        Shell.Result r = sh(container, "tc qdisc show dev " + LINK_DEVICE);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("could not read the qdisc of " + LINK_DEVICE + ": " + r);
        }
        return r.stdout();
    }

    /**
     * Runs {@code peer fetch <file>} on every given peer at once, as that many {@code docker exec}s started
     * together, and returns each peer's result when all have ended (each bounded by the shell's deadline).
     */
    public Map<String, Shell.Result> fetchAtOnce(String file, Collection<String> peerNames) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, peerNames.size()));
        try {
            Map<String, CompletableFuture<Shell.Result>> running = new LinkedHashMap<>();
            for (String name : peerNames) {
                peer(name);
                running.put(name, CompletableFuture.supplyAsync(() -> peerShell(name, "fetch", file), pool));
            }
            Map<String, Shell.Result> results = new LinkedHashMap<>();
            running.forEach((name, result) -> results.put(name, result.join()));
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Starts one more peer on this cluster's network and waits until the tracker lists it as live. */
    public GenericContainer<?> addPeer(String name) {
        GenericContainer<?> peer = createPeer(name, settings.netAdmin);
        peer.start();
        awaitLive(name);
        return peer;
    }

    /**
     * A peer container configured like the cluster's others (network, alias, environment, labels) but with
     * NET_ADMIN only if {@code netAdmin}, not started: the caller adds what the scenario needs and starts it.
     * {@link #close()} removes it with the rest.
     */
    public GenericContainer<?> createPeer(String name, boolean netAdmin) {
        if (peers.containsKey(name)) {
            throw new IllegalArgumentException("this cluster already has a peer " + name);
        }
        GenericContainer<?> peer = peerContainer(name, netAdmin);
        peers.put(name, peer);
        return peer;
    }

    /** Waits until the tracker lists {@code name} as a live peer. */
    public void awaitLive(String name) {
        await("tracker lists " + name + " as live")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> api.peer(name).map(p -> p.live()).orElse(false));
    }

    public DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    /** SIGKILL: the process dies without withdrawing from the tracker, as in a crash or a power cut. */
    public void kill(GenericContainer<?> container) {
        docker().killContainerCmd(container.getContainerId()).exec();
    }

    /** docker stop: SIGTERM, then SIGKILL after 10 s; the container stays (stopped) until close(). */
    public void stop(GenericContainer<?> container) {
        docker().stopContainerCmd(container.getContainerId()).withTimeout(10).exec();
    }

    public void pause(GenericContainer<?> container) {
        docker().pauseContainerCmd(container.getContainerId()).exec();
    }

    public void unpause(GenericContainer<?> container) {
        docker().unpauseContainerCmd(container.getContainerId()).exec();
    }

    /** Pulls the container's cable: removes it from the cluster network (the process keeps running). */
    public void disconnect(GenericContainer<?> container) {
        docker().disconnectFromNetworkCmd()
                .withNetworkId(network.getId())
                .withContainerId(container.getContainerId())
                .withForce(true)
                .exec();
    }

    /** Restarts the tracker's process in place: same container and alias, empty in-memory registry. */
    public void restartTracker() {
        docker().restartContainerCmd(tracker.getContainerId()).withTimeout(10).exec();
        await("tracker ready after restart")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(api::ready);
    }

    /**
     * SIGKILL the tracker's process, as a crash or a power cut does, then start the same container again (its
     * files, the identity bindings among them, survive) and wait until it is ready.
     */
    public void killAndStartTracker() {
        kill(tracker);
        docker().startContainerCmd(tracker.getContainerId()).exec();
        await("tracker ready after kill -9 and start")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(api::ready);
    }

    /** The container's address on the cluster network (the host reaches it directly on Linux). */
    public String ipAddress(GenericContainer<?> container) {
        return docker().inspectContainerCmd(container.getContainerId()).exec()
                .getNetworkSettings().getNetworks().values().stream()
                .map(n -> n.getIpAddress())
                .filter(a -> a != null && !a.isBlank())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the container has no address on the cluster network"));
    }

    private Cluster start() {
        try {
            // The tracker and the peers boot at once (a peer retries its registration from 250 ms on until the
            // tracker answers): a cluster is up in the time of its slowest JVM, not the tracker's plus the peers'.
            List<Runnable> starting = new ArrayList<>();
            starting.add(replicated == null ? tracker::start : replicated::start);
            for (String name : settings.peerNames) {
                starting.add(createPeer(name, settings.netAdmin)::start);
            }
            runAll(starting);
            for (String name : settings.peerNames) {
                awaitLive(name);
            }
            return this;
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /**
     * Starts the containers at once, each on a thread of its own: the common pool has one thread on a 2-core
     * machine, which started them one after another.
     */
    static void startAll(List<GenericContainer<?>> containers) {
        runAll(containers.stream().<Runnable>map(container -> container::start).toList());
    }

    private static void runAll(List<Runnable> starts) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, starts.size()));
        try {
            CompletableFuture.allOf(starts.stream().map(start -> CompletableFuture.runAsync(start, pool))
                    .toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }
    }

    private GenericContainer<?> trackerContainer(String alias) {
        GenericContainer<?> container = new GenericContainer<>(Images.tracker())
                .withNetwork(network)
                .withNetworkAliases(alias)
                .withCreateContainerCmdModifier(cmd -> cmd.withHostName(alias))
                .withExposedPorts(TRACKER_PORT)
                .withLabels(labels())
                .withEnv("TRACKER_HEARTBEAT_INTERVAL", HEARTBEAT_SECONDS + "s")
                .withEnv("TRACKER_PEER_TTL", TTL_SECONDS + "s")
                .withEnv("TRACKER_PROBE_CONNECT_TIMEOUT", PROBE_CONNECT_SECONDS + "s")
                .withEnv("TRACKER_PROBE_READ_TIMEOUT", PROBE_READ_SECONDS + "s")
                .withEnv(settings.trackerEnv)
                .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("container." + id + "." + alias)))
                // 120 s: on a loaded 2-core machine a tracker booting beside a dozen peers took over 60 s
                // (SwarmIT, load 25), and a second attempt then starts from nothing again.
                .waitingFor(Wait.forHttp("/q/health/ready").forPort(TRACKER_PORT)
                        .withStartupTimeout(Duration.ofSeconds(120)))
                // A tracker that does not get ready (seen once, when a concurrent run's cleanup removed the
                // container under us) is tried once more with a new container and port before the test fails.
                .withStartupAttempts(2);
        return container;
    }

    private GenericContainer<?> peerContainer(String name, boolean netAdmin) {
        GenericContainer<?> container = new GenericContainer<>(Images.peer())
                .withNetwork(network)
                .withNetworkAliases(name)
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withHostName(name);
                    if (netAdmin) {
                        cmd.getHostConfig().withCapAdd(Capability.NET_ADMIN);
                    }
                })
                .withLabels(labels())
                .withEnv("PEER_HOSTNAME", name)
                .withEnv("PEER_TRACKER_URL", "http://tracker:" + TRACKER_PORT)
                .withEnv("PEER_CONNECT_TIMEOUT", "2s")
                .withEnv("PEER_SOCKET_TIMEOUT", "10s")
                .withEnv(settings.peerEnv)
                .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("container." + id + "." + name)))
                .waitingFor(new AbstractWaitStrategy() {
                    @Override
                    protected void waitUntilReady() {
                        // Nothing here: readiness is checked after start by awaitLive.
                    }
                });
        settings.peerCustomizer.accept(container);
        return container;
    }

    private long deviceCounter(GenericContainer<?> container, String counter) {
        Shell.Result r = sh(container, "cat /sys/class/net/" + LINK_DEVICE + "/statistics/" + counter);
        try {
            if (r.exitCode() == 0) {
                return Long.parseLong(r.stdout().strip());
            }
        } catch (NumberFormatException e) {
            // reported below with the command's output
        }
        throw new IllegalStateException("could not read " + counter + " of " + LINK_DEVICE + ": " + r);
    }

    private Map<String, String> labels() {
        return Map.of(LABEL, "true", RUN_LABEL, RUN, LABEL + ".cluster", id);
    }

    private static String runId() {
        String configured = System.getenv("PEERSHARE_IT_RUN");
        return configured != null && !configured.isBlank() ? configured : String.valueOf(ProcessHandle.current().pid());
    }

    /** Stops and removes every container, then the network; keeps going past failures and reports them. */
    @Override
    public void close() {
        List<GenericContainer<?>> all = new ArrayList<>(peers.values());
        all.addAll(replicated == null ? List.of(tracker) : replicated.containers());
        RuntimeException failure = null;
        for (GenericContainer<?> container : all) {
            try {
                if (container.getContainerId() != null) {
                    // A paused container cannot be stopped.
                    Boolean paused = docker().inspectContainerCmd(container.getContainerId()).exec().getState().getPaused();
                    if (Boolean.TRUE.equals(paused)) {
                        unpause(container);
                    }
                }
            } catch (RuntimeException ignoredWhenGone) {
                // The container may be gone already; stop() below copes.
            }
            try {
                container.stop();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        try {
            network.close();
        } catch (RuntimeException e) {
            failure = failure == null ? e : failure;
        }
        if (failure != null) {
            throw new IllegalStateException("cluster " + id + " was not removed completely", failure);
        }
    }

    /** What to start: peer names, extra environment, capabilities. */
    public static final class Builder {
        private final List<String> peerNames = new ArrayList<>();
        private final Map<String, String> trackerEnv = new LinkedHashMap<>();
        private final Map<String, String> peerEnv = new LinkedHashMap<>();
        private Consumer<GenericContainer<?>> peerCustomizer = c -> { };
        private boolean netAdmin;
        private int replicas;

        /** Peers named peer1 .. peerN. */
        public Builder peers(int count) {
            for (int i = 1; i <= count; i++) {
                peerNames.add("peer" + i);
            }
            return this;
        }

        public Builder trackerEnv(String key, String value) {
            trackerEnv.put(key, value);
            return this;
        }

        public Builder peerEnv(String key, String value) {
            peerEnv.put(key, value);
            return this;
        }

        /** Gives the peers the NET_ADMIN capability, so {@link Cluster#throttle} can shape their traffic. */
        public Builder netAdmin() {
            netAdmin = true;
            return this;
        }

        /**
         * Caps every peer's upload at {@code rate} (e.g. {@code "200mbit"}) from the moment it starts, as
         * {@code PEER_LINK_RATE=200mbit deploy/up.sh} does: sets {@code PEER_LINK_RATE} and {@link #netAdmin()}.
         * The image's entry point puts a tbf on eth0 before the daemon starts (deploy/docker/link-shape.sh).
         */
        public Builder linkRate(String rate) {
            peerEnv.put("PEER_LINK_RATE", rate);
            return netAdmin();
        }

        /**
         * Runs {@code count} tracker replicas on one Redis behind the load balancer (the alias {@code tracker}),
         * as {@code compose.replicated.yaml} does, instead of one tracker.
         */
        public Builder replicatedTrackers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("replicas: at least 1, got " + count);
            }
            replicas = count;
            return this;
        }

        public Builder customizePeers(Consumer<GenericContainer<?>> customizer) {
            peerCustomizer = customizer;
            return this;
        }

        /** Starts everything and waits until the tracker lists every peer as live; cleans up if that fails. */
        public Cluster start() {
            return new Cluster(this).start();
        }
    }
}
