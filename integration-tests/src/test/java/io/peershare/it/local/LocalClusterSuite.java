package io.peershare.it.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** A scenario class sharing one local cluster (tracker + named peers) across its tests, stopped at the end. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LocalClusterSuite {

    // static: JUnit injects it before @BeforeAll, where the cluster starts
    @TempDir
    static Path work;
    LocalCluster cluster;

    /** Starts the tracker and one peer per name, all waited for until the tracker lists them as live. */
    LocalCluster startCluster(String... peers) throws Exception {
        cluster = new LocalCluster(work).startTracker();
        cluster.startPeers(peers);
        return cluster;
    }

    /** Publishes {@code local} as {@code name} through the peer's shell and insists that it worked. */
    void publish(String peer, Path local, String name) throws Exception {
        ShellResult result = cluster.peer(peer).shell("publish", local.toString(), name);
        if (result.exitCode() != 0) {
            throw new AssertionError("publish " + name + " on " + peer + " failed: " + result);
        }
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }
}
