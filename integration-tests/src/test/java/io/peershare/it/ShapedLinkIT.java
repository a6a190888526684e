package io.peershare.it;

import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The testbed's shaped links, which the swarm benchmarks and suites rely on: a peer started with a link rate
 * runs its daemon behind a tbf at that rate on eth0, as the unprivileged peershare user; its eth0 counters
 * count what it uploads, so suites can assert copies as counts; and a peer asked to shape without the
 * capability stops instead of running unshaped. Counts only, never timings.
 */
class ShapedLinkIT {

    private static final String RATE = "200mbit";
    private static final int FILE_MIB = 16;
    private static final long FILE_BYTES = FILE_MIB * 1024L * 1024L;

    private static Cluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = Cluster.builder().peers(2).linkRate(RATE).start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyPeerUploadsThroughATokenBucketAtTheLinkRateWhileItsDaemonHoldsNoCapability() {
        for (String name : List.of("peer1", "peer2")) {
            var peer = cluster.peer(name);
            assertThat(cluster.linkQdisc(peer)).as("qdisc of " + name)
                    .contains("tbf").contains("root").contains("rate 200Mbit");
            // PID 1 is the daemon the entry point exec'd: the peershare user, with no capability in effect.
            Shell.Result daemon = cluster.sh(peer, "stat -c %U /proc/1 && awk '/^CapEff:/ {print $2}' /proc/1/status");
            assertThat(daemon.stdout().lines().toList()).as(daemon.toString())
                    .containsExactly("peershare", "0000000000000000");
        }
    }

    @Test
    void theSourcesEth0CountsOneCopyOfWhatItServedAndTheFetchersOnlyItsAcknowledgements() {
        var source = cluster.peer("peer1");
        var fetcher = cluster.peer("peer2");
        String sha = cluster.randomFile(source, "/tmp/counted.bin", FILE_MIB);
        Shell.Result publish = cluster.peerShell("peer1", "publish", "/tmp/counted.bin", "counted.bin");
        assertThat(publish.exitCode()).as(publish.toString()).isZero();
        await().atMost(Duration.ofSeconds(15)).until(() -> cluster.api().sourceHosts("counted.bin").contains("peer1"));

        long sourceBefore = cluster.txBytes(source);
        long fetcherBefore = cluster.txBytes(fetcher);
        long fetcherReceivedBefore = cluster.rxBytes(fetcher);
        Shell.Result fetch = cluster.fetchAtOnce("counted.bin", List.of("peer2")).get("peer2");
        assertThat(fetch.exitCode()).as(fetch.toString()).isZero();
        assertThat(cluster.sha256(fetcher, Cluster.REPOSITORY + "/counted.bin")).isEqualTo(sha);

        long sourceSent = cluster.txBytes(source) - sourceBefore;
        long fetcherSent = cluster.txBytes(fetcher) - fetcherBefore;
        long fetcherReceived = cluster.rxBytes(fetcher) - fetcherReceivedBefore;
        // One copy plus its headers (under 5 % at a 1500-byte MTU) and a few heartbeats; a second copy would be 2.0.
        assertThat((double) sourceSent / FILE_BYTES).as("copies the source sent").isBetween(1.0, 1.1);
        assertThat((double) fetcherReceived / FILE_BYTES).as("copies the fetcher received").isBetween(1.0, 1.1);
        assertThat(fetcherSent).as("bytes the fetcher sent: acknowledgements, requests, heartbeats")
                .isLessThan(FILE_BYTES / 10);
    }

    @Test
    void aPeerAskedToShapeWithoutNetAdminStopsAndSaysWhatToAdd() {
        GenericContainer<?> unprivileged = cluster.createPeer("unprivileged", false)
                .withEnv("PEER_LINK_RATE", RATE)
                .withStartupCheckStrategy(new ExitedStartupCheck().withTimeout(Duration.ofSeconds(60)));
        unprivileged.start();

        Long exitCode = cluster.docker().inspectContainerCmd(unprivileged.getContainerId()).exec().getState().getExitCodeLong();
        assertThat(exitCode).as("exit code; logs:\n" + unprivileged.getLogs()).isEqualTo(1L);
        assertThat(unprivileged.getLogs()).contains("cap_add: [NET_ADMIN]").doesNotContain("file server listening");
    }

    /** "Started" once the container has stopped, whatever its exit code: the scenario is a container that ends. */
    private static final class ExitedStartupCheck extends StartupCheckStrategy {
        @Override
        public StartupStatus checkStartupState(DockerClient docker, String containerId) {
            return Boolean.TRUE.equals(getCurrentState(docker, containerId).getRunning())
                    ? StartupStatus.NOT_YET_KNOWN
                    : StartupStatus.SUCCESSFUL;
        }
    }
}
