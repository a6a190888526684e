package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.FileSummary;
import io.peershare.protocol.api.PeerView;
import io.peershare.protocol.api.RegisterRequest;
import io.peershare.tracker.MutableClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page costs about its size, not the registry's: measured as the bytes the answering thread allocates (a
 * count of work that does not depend on the machine's speed), on a registry of 30 000 peers and 30 000 names
 * (bigger ones only make the listing of everything dearer, not a page).
 * Listing everything allocates tens of megabytes; one page must stay under a fixed bound whatever the size.
 */
class PagingCostTest {

    static final int PEERS = 30_000;
    static final int NAMED_PEERS = 300;
    static final int FILES_EACH = 100;
    /** Far above what a page of 100 needs (~30 KB), far below what touching every entry costs (> 10 MB). */
    static final long PAGE_BUDGET = 1_000_000;

    static InMemoryRegistry registry;

    @BeforeAll
    static void fill() {
        long t0 = System.nanoTime();
        registry = new InMemoryRegistry(new MutableClock(), Duration.ofSeconds(5), Duration.ofSeconds(15),
                Duration.ofMinutes(10), FILES_EACH, PEERS);
        for (int i = 0; i < PEERS; i++) {
            String hostname = String.format("peer%06d", i);
            String token = registry.register(new RegisterRequest(hostname, "10.0.0.1", 7070, null)).token();
            if (i < NAMED_PEERS) {
                List<FileEntry> files = new ArrayList<>(FILES_EACH);
                for (int f = 0; f < FILES_EACH; f++) {
                    files.add(new FileEntry(String.format("file-%04d-%03d.bin", i, f), 1, "a".repeat(64)));
                }
                registry.replaceFiles(hostname, token, files);
            }
        }
        System.out.printf("PagingCostTest: filled in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void shouldAnswerAPageOfPeersWithWorkOfThePageNotOfTheRegistry() {
        String middle = registry.peers(null, 1000).next(); // after peer000999
        long page = allocatedBy(() -> registry.peers(middle, 100));
        long all = allocatedBy(() -> registry.peers(), 0);

        assertThat(registry.peers(middle, 100).items()).extracting(PeerView::hostname).startsWith("peer001000", "peer001001");
        assertThat(page).as("bytes for one page of 100 peers").isLessThan(PAGE_BUDGET);
        assertThat(all).as("bytes for all %d peers", PEERS).isGreaterThan(10 * page);
    }

    @Test
    void shouldAnswerAPageOfFilesWithWorkOfThePageNotOfTheRegistry() {
        String middle = Cursor.files("file-0150-050.bin", "a".repeat(64));
        long page = allocatedBy(() -> registry.findFiles(null, middle, 100));
        long all = allocatedBy(() -> registry.findFiles(null), 0);

        assertThat(registry.findFiles(null, middle, 100).items()).extracting(FileSummary::name)
                .startsWith("file-0150-051.bin", "file-0150-052.bin");
        assertThat(page).as("bytes for one page of 100 files").isLessThan(PAGE_BUDGET);
        assertThat(all).as("bytes for all %d files", NAMED_PEERS * FILES_EACH).isGreaterThan(10 * page);
    }

    @Test
    void shouldAnswerAPageOfAPatternWithoutATrigramByWalkingOnlyUpToThePage() {
        // '*.bin' has no three-character literal: the sorted names are walked from the cursor, up to the page
        long page = allocatedBy(() -> registry.findFiles("*.bin", Cursor.files("file-0250-000.bin", "a".repeat(64)), 100));

        assertThat(page).as("bytes for one page of '*.bin'").isLessThan(PAGE_BUDGET);
    }

    private static long allocatedBy(Supplier<?> work) {
        return allocatedBy(work, 3);
    }

    /** Bytes the calling thread allocates while running {@code work}, after {@code warmUps} runs. */
    private static long allocatedBy(Supplier<?> work, int warmUps) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warmUps; i++) {
            work.get();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        Object result = work.get();
        long after = threads.getCurrentThreadAllocatedBytes();
        assertThat(result).isNotNull();
        System.out.printf("PagingCostTest: %,d bytes allocated%n", after - before);
        return after - before;
    }
}
