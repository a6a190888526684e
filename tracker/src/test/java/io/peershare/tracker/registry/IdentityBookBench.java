package io.peershare.tracker.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opt-in measure (not a CI test): new registrations per second the file identity book sustains (bind, then wait
 * until the binding is on disk) with {@code bench.existing} bindings already in it, from {@code bench.threads}
 * concurrent registrations for {@code bench.seconds}. The folder is {@code bench.dir} (a disk or a tmpfs). Run with
 * {@code ./mvnw -B -o test -pl protocol,tracker -Dtest=IdentityBookBench -Dpeershare.bench=true
 * -Dbench.existing=10000 -Dbench.dir=/tmp}.
 */
@EnabledIfSystemProperty(named = "peershare.bench", matches = "true")
class IdentityBookBench {

    @Test
    void registrationsPerSecond() throws Exception {
        int existing = Integer.getInteger("bench.existing", 10_000);
        int threads = Integer.getInteger("bench.threads", 16);
        long seconds = Long.getLong("bench.seconds", 5);
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "/tmp")), "identity-bench");
        Path file = dir.resolve(IdentityBook.FILE_NAME);
        String key = "A".repeat(43) + "=";
        FileIdentityBook filling = IdentityBook.open(file, Clock.systemUTC(), Duration.ofDays(30), 1_000_000);
        long change = 0;
        for (int i = 0; i < existing; i++) {
            change = filling.bind("old-%07d".formatted(i), key, 1);
        }
        filling.awaitDurable(change);
        // A restart: the existing bindings in the snapshot, as after a long run.
        FileIdentityBook book = IdentityBook.open(file, Clock.systemUTC(), Duration.ofDays(30), 1_000_000);
        AtomicInteger next = new AtomicInteger();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> runs = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            runs.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    book.awaitDurable(book.bind("new-%07d".formatted(next.getAndIncrement()), key, 1));
                }
                return null;
            }));
        }
        for (Future<?> run : runs) {
            run.get();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        long bytes;
        try (var files = Files.list(dir)) {
            bytes = files.mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf("BENCH identity book in %s: %d existing bindings, %d threads: %d registrations in %.1f s"
                + " = %.0f/s (files now %d KiB)%n", dir, existing, threads, next.get(), elapsed, next.get() / elapsed, bytes >> 10);
    }
}
