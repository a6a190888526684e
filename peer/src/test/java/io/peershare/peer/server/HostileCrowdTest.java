package io.peershare.peer.server;

import io.peershare.peer.fetch.FetchProgress;
import io.peershare.peer.fetch.FetchSettings;
import io.peershare.peer.fetch.FetchState;
import io.peershare.peer.fetch.Fetcher;
import io.peershare.peer.repository.FileHasher;
import io.peershare.peer.repository.IndexEntry;
import io.peershare.peer.repository.Repository;
import io.peershare.peer.swarm.PartialFiles;
import io.peershare.peer.swarm.PieceBuffers;
import io.peershare.peer.swarm.PieceVerifier;
import io.peershare.peer.swarm.SwarmSettings;
import io.peershare.peer.testing.FakeTracker;
import io.peershare.peer.testing.TestFiles;
import io.peershare.peer.tracker.TrackerClient;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.Source;
import io.peershare.protocol.hostile.HostileClient;
import io.peershare.protocol.hostile.HostileClient.Behaviour;
import io.peershare.protocol.wire.WireLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slowloris against a peer: 2,000 connections left silent, trickling a byte every two seconds, stalled
 * mid-frame or sending garbage, while a real 64 MiB fetch runs against the same server. The fetch must
 * complete and verify, every hostile socket must be closed by the server (its deadlines), and the heap must
 * stay small. Times are printed for the report, never asserted.
 */
class HostileCrowdTest {

    private static final int CROWD = 2000;
    private static final long SIZE = 64L << 20;
    /** The deadlines of the server under test: a complete first request within 2 s, any frame within 2 s. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path dir;
    FakeTracker tracker;
    Repository source;
    FileServer server;
    Fetcher fetcher;
    PieceVerifier verifier;
    Repository target;
    IndexEntry entry;

    @BeforeEach
    void setUp() throws IOException {
        Path file = TestFiles.random(dir.resolve("big.bin"), SIZE, 5);
        source = Repository.open(dir.resolve("source"), new FileHasher());
        entry = source.publish(file, "big.bin", false).entry();
        server = new FileServer(source, ServerSettings.of("127.0.0.1", 0, ServerSettings.DEFAULT_MAX_CONNECTIONS, Duration.ofSeconds(30))
                .withRequestTimeout(REQUEST_TIMEOUT));
        server.start();
        tracker = new FakeTracker();
        tracker.sources.put("big.bin", List.of(new FileSources("big.bin", SIZE, entry.sha256().hex(), entry.manifest().hex(), 1, 0,
                List.of(new Source("src", "127.0.0.1", server.port())))));
        target = Repository.open(dir.resolve("target"), new FileHasher());
        verifier = new PieceVerifier(2, 16);
        SwarmSettings swarm = new SwarmSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofSeconds(5), 4, "test");
        fetcher = new Fetcher(target, new TrackerClient(tracker.url(), Duration.ofSeconds(1), Duration.ofSeconds(5)),
                new FetchSettings(1, swarm, "me", "127.0.0.1", () -> 1), new PartialFiles(), verifier,
                new PieceBuffers(WireLimits.PIECE_SIZE, 16));
    }

    @AfterEach
    void tearDown() {
        fetcher.close();
        verifier.close();
        server.close();
        tracker.close();
    }

    @Test
    void shouldServeARealFetchWhileTwoThousandHostileConnectionsAreClosedByTheirDeadlines() throws Exception {
        int crowd = Math.min(CROWD, (int) (maxFileDescriptors() / 3));
        fetchSeconds(); // cold: class loading, JIT, page cache
        double alone = fetchSeconds();

        long heapBefore = heapAfterGc();
        try (HostileClient hostile = HostileClient.against("127.0.0.1", server.port(), Duration.ofSeconds(1))) {
            int opened = hostile.open(crowd * 2 / 5, Behaviour.IDLE)
                    + hostile.open(crowd * 2 / 5, Behaviour.TRICKLE)
                    + hostile.open(crowd / 10, Behaviour.STALL_MID_FRAME)
                    + hostile.open(crowd / 10, Behaviour.GARBAGE);
            assertThat(opened).isEqualTo(crowd);
            long heap = heapAfterGc();

            double attacked = fetchSeconds();

            await().atMost(Duration.ofSeconds(30)).until(() -> hostile.closedByServer() == opened);
            System.out.printf("HOSTILE crowd=%d fetch alone %.2f s, under attack %.2f s; all %d closed by the server,"
                            + " longest life %d ms; heap after GC with the crowd connected %d MiB (%+d KiB for the crowd,"
                            + " its client side included)%n", crowd, alone, attacked, hostile.closedByServer(),
                    hostile.longestLife().toMillis(), heap >> 20, (heap - heapBefore) >> 10);
            assertThat(heap).as("heap after GC with %d hostile connections", crowd).isLessThan(128L << 20);
            assertThat(heap - heapBefore).as("heap the crowd costs, both ends").isLessThan(16L * 1024 * crowd);
        }
    }

    /** Fetches big.bin, checks it arrived whole and verified, deletes it again; returns the seconds it took. */
    private double fetchSeconds() throws IOException {
        long started = System.nanoTime();
        FetchProgress result = fetcher.fetchNow("big.bin", null);
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(result.state()).as(result.message()).isEqualTo(FetchState.DONE);
        Path fetched = target.root().resolve("big.bin");
        assertThat(TestFiles.sha256(Files.readAllBytes(fetched))).isEqualTo(entry.sha256());
        Files.delete(fetched);
        target.reindex("big.bin");
        return seconds;
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long maxFileDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return 10_000;
    }
}
