package io.peershare.tracker.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.RegisterRequest;
import io.peershare.tracker.registry.InMemoryRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opt-in measure (not a CI test): the tracker's work for one sources answer, the draw and the JSON body, in CPU
 * time and bytes allocated per answer on this thread, for the most popular names of a Zipf catalog. Run with
 * {@code ./mvnw -B -o test -pl protocol,tracker -Dtest=SourcesAnswerBench -Dpeershare.bench=true
 * -Dbench.peers=10000 -Dbench.answers=200000}.
 */
@EnabledIfSystemProperty(named = "peershare.bench", matches = "true")
class SourcesAnswerBench {

    private static final int FILES_PER_PEER = 100;
    private static final int CATALOG = 20_000;

    @Test
    void answerPopularNames() throws Exception {
        int peers = Integer.getInteger("bench.peers", 10_000);
        int answers = Integer.getInteger("bench.answers", 200_000);
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        InMemoryRegistry registry = new InMemoryRegistry(Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(5),
                Duration.ofSeconds(15), Duration.ofMinutes(10), FILES_PER_PEER, peers);
        fill(registry, peers);
        List<String> popular = new ArrayList<>();
        for (int rank = 0; rank < 32; rank++) {
            popular.add(name(rank));
        }
        ObjectMapper jackson = new ObjectMapper(); // its record serializer: a reference, not the tracker's path
        System.out.printf("BENCH %d peers x %d files, top name: %d holders, 32nd: %d%n", peers, FILES_PER_PEER,
                holders(registry, popular.get(0)), holders(registry, popular.get(31)));
        for (int round = 0; round < Integer.getInteger("bench.rounds", 5); round++) { // the first rounds warm the JIT
            measure("draw only", answers, popular, name -> registry.sources(name, null, 50).size());
            measure("draw + JSON (ours)", answers, popular,
                    name -> SourcesJson.write(registry.sources(name, null, 50)).length);
            measure("draw + JSON (Jackson)", answers, popular,
                    name -> jackson.writeValueAsBytes(registry.sources(name, null, 50)).length);
        }
    }

    /** An answer's work for {@code name}, returning something that depends on it (so it is not optimised away). */
    private interface Answer {
        int of(String name) throws Exception;
    }

    private static void measure(String what, int answers, List<String> names, Answer answer) throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        long sink = 0;
        long cpu = threads.getCurrentThreadCpuTime();
        long allocated = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < answers; i++) {
            sink += answer.of(names.get(i % names.size()));
        }
        cpu = threads.getCurrentThreadCpuTime() - cpu;
        allocated = threads.getThreadAllocatedBytes(thread) - allocated;
        assertThat(sink).isPositive();
        System.out.printf("BENCH %-24s %8.2f us CPU per answer  %8d bytes allocated per answer  (%d bytes of output)%n",
                what, cpu / 1e3 / answers, allocated / answers, sink / answers);
    }

    /**
     * Each peer announces {@value #FILES_PER_PEER} distinct names drawn from a Zipf(1) catalog, one in five of them
     * partially (fetching); every name has one content.
     */
    private static void fill(InMemoryRegistry registry, int peers) {
        double[] cumulative = new double[CATALOG];
        double total = 0;
        for (int rank = 0; rank < CATALOG; rank++) {
            total += 1.0 / (rank + 1);
            cumulative[rank] = total;
        }
        SplittableRandom random = new SplittableRandom(15);
        for (int p = 0; p < peers; p++) {
            String hostname = "peer-%05d.swarm.example".formatted(p);
            String token = registry.register(new RegisterRequest(hostname, "10.%d.%d.%d".formatted(p >> 16, (p >> 8) & 255,
                    p & 255), 7000 + p % 1000, null)).token();
            Set<Integer> ranks = new LinkedHashSet<>();
            while (ranks.size() < FILES_PER_PEER) {
                int rank = java.util.Arrays.binarySearch(cumulative, random.nextDouble() * total);
                ranks.add(rank < 0 ? -rank - 1 : rank);
            }
            List<FileEntry> files = new ArrayList<>();
            for (int rank : ranks) {
                files.add(new FileEntry(name(rank), 1_000_000L + rank, "%064x".formatted(rank), "%064x".formatted(rank + 1),
                        random.nextInt(5) == 0));
            }
            registry.replaceFiles(hostname, token, files);
        }
    }

    private static int holders(InMemoryRegistry registry, String name) {
        FileSources top = registry.sources(name, null, 1).getFirst();
        return top.completeSources() + top.partialSources();
    }

    private static String name(int rank) {
        return "ubuntu-%05d-desktop-amd64.iso".formatted(rank);
    }
}
