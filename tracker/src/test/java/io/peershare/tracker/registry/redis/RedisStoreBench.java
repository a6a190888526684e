package io.peershare.tracker.registry.redis;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.RegisterRequest;
import io.peershare.tracker.registry.HeartbeatPace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Opt-in measure (not a CI test): write and read rates of the Redis store against the fixture's Redis, from
 * {@code bench.threads} threads on one replica, and how long a second replica takes to load the result. Run with
 * {@code ./mvnw -B -o test -pl protocol,tracker -Dtest=RedisStoreBench -Dpeershare.bench=true -Dbench.peers=5000}.
 */
@EnabledIfSystemProperty(named = "peershare.bench", matches = "true")
class RedisStoreBench {

    @Test
    void measureWritesAndReads() throws Exception {
        int peers = Integer.getInteger("bench.peers", 5_000);
        int files = Integer.getInteger("bench.files", 20);
        int threads = Integer.getInteger("bench.threads", 16);
        String prefix = RedisFixture.freshPrefix();
        RedisStore store = RedisFixture.store(prefix);
        RedisRegistry a = new RedisRegistry(store, Clock.systemUTC(),
                HeartbeatPace.fixed(Duration.ofSeconds(5), Duration.ofSeconds(15)), Duration.ofMinutes(10), 10_000, 1_000_000, 1_000_000);
        await().atMost(Duration.ofSeconds(30)).until(a::loaded);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        String[] tokens = new String[peers];

        rate("register", peers, pool, i -> tokens[i] = a.register(new RegisterRequest("p" + i, "10.0.0.1", 7070, null)).token());
        rate("announce (" + files + " files)", peers, pool, i -> {
            List<FileEntry> list = new ArrayList<>();
            for (int f = 0; f < files; f++) {
                list.add(new FileEntry("file-" + (i % 100) + "-" + f + ".bin", 1000 + f, "a".repeat(64)));
            }
            a.replaceFiles("p" + i, tokens[i], list);
        });
        rate("heartbeat", peers * 4, pool, i -> a.heartbeat("p" + (i % peers), tokens[i % peers]));
        rate("sources (view)", peers * 4, pool, i -> a.sources("file-" + (i % 100) + "-0.bin", null));

        long start = System.nanoTime();
        RedisStore otherStore = RedisFixture.store(prefix);
        RedisRegistry b = new RedisRegistry(otherStore, Clock.systemUTC(),
                HeartbeatPace.fixed(Duration.ofSeconds(5), Duration.ofSeconds(15)), Duration.ofMinutes(10), 10_000, 1_000_000, 1_000_000);
        await().atMost(Duration.ofMinutes(5)).until(b::loaded);
        System.out.printf("second replica loaded %d peers x %d files in %d ms%n", b.peers().size(), files,
                (System.nanoTime() - start) / 1_000_000);
        assertThat(b.peers()).hasSize(peers);
        pool.shutdownNow();
        a.close();
        b.close();
        store.close();
        otherStore.close();
    }

    interface Call {
        void run(int i) throws Exception;
    }

    private static void rate(String what, int count, ExecutorService pool, Call call) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < ((java.util.concurrent.ThreadPoolExecutor) pool).getCorePoolSize(); t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    call.run(i);
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get(10, TimeUnit.MINUTES);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-28s %8d calls %8.0f /s%n", what, count, count / seconds);
    }
}
