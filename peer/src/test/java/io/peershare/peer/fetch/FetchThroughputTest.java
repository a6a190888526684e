package io.peershare.peer.fetch;

import io.peershare.peer.repository.FileHasher;
import io.peershare.peer.repository.Repository;
import io.peershare.peer.server.FileServer;
import io.peershare.peer.server.ServerSettings;
import io.peershare.peer.swarm.PartialFiles;
import io.peershare.peer.swarm.PieceBuffers;
import io.peershare.peer.swarm.PieceVerifier;
import io.peershare.peer.swarm.SwarmSettings;
import io.peershare.peer.testing.FakeTracker;
import io.peershare.protocol.wire.WireLimits;
import io.peershare.peer.testing.TestFiles;
import io.peershare.peer.tracker.TrackerClient;
import io.peershare.protocol.Sha256;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Loopback fetch of a large file through a real FileServer: run with -Dpeershare.bench=true [-Dpeershare.bench.mib=1024]. */
@EnabledIfSystemProperty(named = "peershare.bench", matches = "true")
class FetchThroughputTest {

    @TempDir
    Path dir;

    @Test
    void measureLoopbackFetch() throws Exception {
        long size = Long.getLong("peershare.bench.mib", 1024) << 20;
        Path file = TestFiles.random(dir.resolve("big.bin"), size, 1);
        Repository source = Repository.open(dir.resolve("source"), new FileHasher());
        var entry = source.publish(file, "big.bin", false).entry();
        Sha256 sha = entry.sha256();
        Repository target = Repository.open(dir.resolve("target"), new FileHasher());
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true); // start from a clean page cache, not from 1 GiB of dirty pages being written back
        }
        try (FakeTracker tracker = new FakeTracker();
             FileServer server = new FileServer(source, ServerSettings.of("127.0.0.1", 0, 8, Duration.ofSeconds(30)))) {
            server.start();
            tracker.sources.put("big.bin", List.of(new FileSources("big.bin", size, sha.hex(), entry.manifest().hex(), 1, 0,
                    List.of(new Source("src", "127.0.0.1", server.port())))));
            SwarmSettings swarm = new SwarmSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10),
                    Duration.ofSeconds(60), Duration.ofSeconds(5), 16, "bench");
            Fetcher fetcher = new Fetcher(target, new TrackerClient(tracker.url(), Duration.ofSeconds(1), Duration.ofSeconds(5)),
                    new FetchSettings(1, swarm, "me", "127.0.0.1", () -> 1), new PartialFiles(),
                    new PieceVerifier(2, 64), new PieceBuffers(WireLimits.PIECE_SIZE, 64));
            // The first run writes into page cache this VM never touched, which costs more than the transfer;
            // the later runs write into pages freed by deleting the previous copy.
            for (int run = 0; run < Integer.getInteger("peershare.bench.runs", 3); run++) {
                java.util.Map<Long, long[]> cpu = new java.util.concurrent.ConcurrentHashMap<>();
                java.util.Map<Long, String> names = new java.util.concurrent.ConcurrentHashMap<>();
                var mx = java.lang.management.ManagementFactory.getThreadMXBean();
                var sampling = new java.util.concurrent.atomic.AtomicBoolean(true);
                Thread sampler = Thread.ofPlatform().start(() -> {
                    while (sampling.get()) {
                        for (Thread t : Thread.getAllStackTraces().keySet()) {
                            long c = mx.getThreadCpuTime(t.threadId());
                            if (c > 0) {
                                cpu.computeIfAbsent(t.threadId(), k -> new long[] {c, c})[1] = c;
                                names.put(t.threadId(), t.getName().replaceAll("-?[0-9]+$", ""));
                            }
                        }
                        try { Thread.sleep(20); } catch (InterruptedException e) { return; }
                    }
                });
                long started = System.nanoTime();
                FetchProgress result = fetcher.fetchNow("big.bin", null);
                double seconds = (System.nanoTime() - started) / 1e9;
                sampling.set(false);
                sampler.join();
                java.util.Map<String, Long> byName = new java.util.TreeMap<>();
                cpu.forEach((id, c) -> byName.merge(names.get(id), c[1] - c[0], Long::sum));
                byName.entrySet().removeIf(e -> e.getValue() < 20_000_000);
                System.out.println("BENCH cpu ms by thread: " + byName.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue() / 1_000_000).toList());
                System.out.printf("BENCH run %d fetched %d MiB in %.3f s = %.0f MiB/s (%s)%n", run, size >> 20, seconds,
                        (size >> 20) / seconds, result.message());
                assertThat(result.state()).isEqualTo(FetchState.DONE);
                java.nio.file.Files.delete(target.root().resolve("big.bin"));
                target.reindex("big.bin");
            }
        }
    }
}
