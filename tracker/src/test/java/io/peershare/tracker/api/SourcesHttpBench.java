package io.peershare.tracker.api;

import io.peershare.tracker.registry.Registry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opt-in measure (not a CI test): the tracker's CPU per sources answer through HTTP (Netty, RESTEasy, the draw and
 * the body), as the CPU time of the event-loop threads (where the answer is made, {@code @NonBlocking}) divided by
 * the answers; the client's threads are not counted. Popular names of a {@link ZipfPopulation}, 16 requests in
 * flight. Run with {@code ./mvnw -B -o test -pl protocol,tracker -Dtest=SourcesHttpBench -Dpeershare.bench=true}.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "peershare.bench", matches = "true")
class SourcesHttpBench {

    @Inject
    Registry registry;

    @TestHTTPResource("/api/v1/files/")
    URI files;

    @Test
    void answerPopularNamesOverHttp() throws Exception {
        ZipfPopulation.fill(registry, Integer.getInteger("bench.peers", 5_000), 100);
        List<URI> asked = ZipfPopulation.popular(32).stream().map(name -> files.resolve(name + "/sources")).toList();
        int answers = Integer.getInteger("bench.answers", 40_000);
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            for (int round = 0; round < Integer.getInteger("bench.rounds", 4); round++) { // the first ones warm up
                long cpu = eventLoopCpu();
                long bytes = ask(client, asked, answers);
                cpu = eventLoopCpu() - cpu;
                System.out.printf("BENCH http: %.1f us of event-loop CPU per answer (%d answers, %d bytes each)%n",
                        cpu / 1e3 / answers, answers, bytes / answers);
            }
        }
    }

    /** Asks {@code answers} times, 16 at once; returns the bytes of the bodies. */
    private static long ask(HttpClient client, List<URI> asked, int answers) throws Exception {
        AtomicLong bytes = new AtomicLong();
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (int t = 0; t < 16; t++) {
                int first = t;
                pool.submit(() -> {
                    for (int i = first; i < answers; i += 16) {
                        HttpRequest request = HttpRequest.newBuilder(asked.get(i % asked.size()))
                                .timeout(Duration.ofSeconds(10)).build();
                        HttpResponse<byte[]> answer = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        assertThat(answer.statusCode()).isEqualTo(200);
                        bytes.addAndGet(answer.body().length);
                    }
                    return null;
                });
            }
        }
        return bytes.get();
    }

    private static long eventLoopCpu() {
        var threads = ManagementFactory.getThreadMXBean();
        long cpu = 0;
        for (ThreadInfo thread : threads.dumpAllThreads(false, false)) {
            if (thread != null && thread.getThreadName().startsWith("vert.x-eventloop")) {
                cpu += Math.max(0, threads.getThreadCpuTime(thread.getThreadId()));
            }
        }
        return cpu;
    }
}
