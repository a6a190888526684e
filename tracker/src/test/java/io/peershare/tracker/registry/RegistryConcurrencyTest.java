package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.RegisterRequest;
import io.peershare.tracker.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Many threads at once: every registration and every announced file must be there afterwards. */
class RegistryConcurrencyTest {

    static final int THREADS = 16;
    static final int FILES_PER_THREAD = 200;

    final InMemoryRegistry registry = new InMemoryRegistry(new MutableClock(), Duration.ofSeconds(5),
            Duration.ofSeconds(15), Duration.ofMinutes(10), 100_000);

    @Test
    void shouldLoseNoUpdateWhenManyThreadsRegisterAndAnnounceAtOnce() throws Exception {
        String sharedToken = registry.register(new RegisterRequest("shared", "10.0.0.1", 7070, null)).token();
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            tasks.add(() -> {
                start.await();
                String own = "peer" + thread;
                String token = registry.register(new RegisterRequest(own, "10.0.1." + thread, 7070, null)).token();
                for (int i = 0; i < FILES_PER_THREAD; i++) {
                    FileEntry file = new FileEntry("t" + thread + "-" + i, i, "%064x".formatted(i));
                    registry.addFiles(own, token, List.of(file));
                    registry.addFiles("shared", sharedToken, List.of(file)); // contended: one key, many writers
                    registry.heartbeat("shared", sharedToken);
                }
                return null;
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<Void>> futures = tasks.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<Void> future : futures) {
                future.get();
            }
        }

        assertThat(registry.peers()).hasSize(THREADS + 1);
        assertThat(registry.files("shared").orElseThrow()).hasSize(THREADS * FILES_PER_THREAD);
        for (int t = 0; t < THREADS; t++) {
            assertThat(registry.files("peer" + t).orElseThrow()).hasSize(FILES_PER_THREAD);
        }
        assertThat(registry.findFiles("t0-*")).hasSize(FILES_PER_THREAD);
    }

    final IdentityBook identities = IdentityBook.open(java.nio.file.Path.of("target", "no-such-identity-book.txt"),
            new MutableClock(), Duration.ofDays(30), 1000);

    /** The name goes to one key: the identity book decides, atomically, whoever the registry saw first. */
    @Test
    void shouldGiveANameToExactlyOneOfManyConcurrentRegistrants() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            tasks.add(() -> {
                start.await();
                try {
                    identities.bind("contested", "key-of-thread-" + thread, 1);
                    return true;
                } catch (RegistryException e) {
                    assertThat(e.kind()).isEqualTo(RegistryException.Kind.NAME_TAKEN);
                    return false;
                }
            });
        }
        int winners = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<Boolean>> futures = tasks.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<Boolean> future : futures) {
                winners += future.get() ? 1 : 0;
            }
        }
        assertThat(winners).isEqualTo(1);
    }
}
