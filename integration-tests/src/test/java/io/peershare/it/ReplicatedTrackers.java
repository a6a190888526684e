package io.peershare.it;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.awaitility.Awaitility.await;

/**
 * The tracker tier of a replicated cluster, as {@code compose.replicated.yaml} runs it: Redis (alias
 * {@value #REDIS_ALIAS}), replicas {@code tracker-1 .. tracker-N} on the Redis store, and the load balancer
 * under the alias {@code tracker}, so peers and the suites use one URL whichever replica answers.
 */
final class ReplicatedTrackers {

    static final String REDIS_ALIAS = "redis";
    static final int REDIS_PORT = 6379;

    private final GenericContainer<?> redis;
    private final List<GenericContainer<?>> replicas = new ArrayList<>();
    private final GenericContainer<?> balancer;
    private final Cluster cluster;

    /** {@code replica} makes a tracker container with the cluster's settings under the alias it is given. */
    ReplicatedTrackers(Cluster cluster, Network network, int count, Map<String, String> labels,
                       Function<String, GenericContainer<?>> replica) {
        this.cluster = cluster;
        this.redis = new GenericContainer<>(Images.redis())
                .withNetwork(network)
                .withNetworkAliases(REDIS_ALIAS)
                .withLabels(labels)
                .withExposedPorts(REDIS_PORT)
                .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofSeconds(60)));
        for (int i = 1; i <= count; i++) {
            String alias = "tracker-" + i;
            replicas.add(replica.apply(alias)
                    .withEnv("TRACKER_STORE", "redis")
                    .withEnv("QUARKUS_REDIS_HOSTS", "redis://" + REDIS_ALIAS + ":" + REDIS_PORT)
                    // A peer registers from the address it advertises: the client's address comes from the
                    // balancer's X-Forwarded-For, trusted from the balancer only (deploy/compose.tracker.yaml).
                    .withEnv("TRACKER_REGISTRATION_TRUSTED_PROXIES", "tracker"));
        }
        this.balancer = new GenericContainer<>(Images.balancer())
                .withNetwork(network)
                .withNetworkAliases("tracker")
                .withCreateContainerCmdModifier(cmd -> cmd.withHostName("tracker"))
                .withLabels(labels)
                .withEnv("TRACKER_REPLICAS", String.valueOf(count))
                .withExposedPorts(Cluster.TRACKER_PORT)
                .waitingFor(Wait.forHttp("/q/health/ready").forPort(Cluster.TRACKER_PORT)
                        .withStartupTimeout(Duration.ofSeconds(90)));
    }

    /** The one URL: the load balancer. */
    GenericContainer<?> front() {
        return balancer;
    }

    GenericContainer<?> redis() {
        return redis;
    }

    /** Replica {@code i}, counted from 1 as the aliases are. */
    GenericContainer<?> replica(int i) {
        return replicas.get(i - 1);
    }

    int size() {
        return replicas.size();
    }

    void start() {
        redis.start();
        Cluster.startAll(replicas);
        balancer.start();
    }

    /** kill -9 of one replica's process; the container stays, stopped, so {@link #startReplica} brings it back. */
    void killReplica(int i) {
        cluster.kill(replica(i));
    }

    void startReplica(int i) {
        cluster.docker().startContainerCmd(replica(i).getContainerId()).exec();
        await("tracker-" + i + " ready after start").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> cluster.sh(replica(i), "curl -fsS -o /dev/null http://127.0.0.1:" + Cluster.TRACKER_PORT
                        + "/q/health/ready").exitCode() == 0);
    }

    /** kill -9 of Redis, then the same container started again: it comes back empty (no persistence). */
    void killAndStartRedis() {
        cluster.kill(redis);
        cluster.docker().startContainerCmd(redis.getContainerId()).exec();
        await("redis answers after restart").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> cluster.sh(redis, "redis-cli ping").stdout().contains("PONG"));
    }

    /** Every container of the tier, the front last, for the cluster's clean-up. */
    List<GenericContainer<?>> containers() {
        List<GenericContainer<?>> all = new ArrayList<>(replicas);
        all.add(redis);
        all.add(balancer);
        return all;
    }
}
