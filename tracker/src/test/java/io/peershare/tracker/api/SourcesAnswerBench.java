package io.peershare.tracker.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.peershare.protocol.api.FileSources;
import io.peershare.tracker.registry.InMemoryRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opt-in measure (not a CI test): the tracker's work for one sources answer, the draw and the JSON body, in CPU
 * time and bytes allocated per answer on this thread, for the most popular names of a Zipf catalog
 * ({@link ZipfPopulation}). Run with
 * {@code ./mvnw -B -o test -pl protocol,tracker -Dtest=SourcesAnswerBench -Dpeershare.bench=true
 * -Dbench.peers=10000 -Dbench.answers=200000}.
 */
@EnabledIfSystemProperty(named = "peershare.bench", matches = "true")
class SourcesAnswerBench {

    private static final int FILES_PER_PEER = 100;

    @Test
    void answerPopularNames() throws Exception {
        int peers = Integer.getInteger("bench.peers", 10_000);
        int answers = Integer.getInteger("bench.answers", 200_000);
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        InMemoryRegistry registry = new InMemoryRegistry(Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(5),
                Duration.ofSeconds(15), Duration.ofMinutes(10), FILES_PER_PEER, peers);
        ZipfPopulation.fill(registry, peers, FILES_PER_PEER);
        List<String> popular = ZipfPopulation.popular(32);
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

    private static int holders(InMemoryRegistry registry, String name) {
        FileSources top = registry.sources(name, null, 1).getFirst();
        return top.completeSources() + top.partialSources();
    }
}
