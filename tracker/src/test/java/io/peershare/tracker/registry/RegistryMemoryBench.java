package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.RegisterRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Opt-in measure (not a CI test): the registry filled in process with a population like the HTTP bench's
 * (bench/tracker-scale.sh: peers × files drawn with a Zipf skew from a catalog, 5 % partial), then the heap
 * after a full GC, the fill rate, and sources/search times. Each peer's entries are fresh objects, as JSON
 * bodies give them. Run with
 * {@code ./mvnw -B -o test -pl protocol,tracker -Dtest=RegistryMemoryBench -Dpeershare.bench=true
 * -DargLine=-Xmx4g -Dbench.peers=100000 -Dbench.files=100}.
 */
@EnabledIfSystemProperty(named = "peershare.bench", matches = "true")
class RegistryMemoryBench {

    @Test
    void fillAndMeasure() throws Exception {
        int peers = Integer.getInteger("bench.peers", 100_000);
        int files = Integer.getInteger("bench.files", 100);
        int catalog = Integer.getInteger("bench.catalog", peers * files / 10);
        double[] cumulative = zipf(catalog, 1.0);
        String[] sha = new String[catalog];
        String[] manifest = new String[catalog];
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        InMemoryRegistry registry = new InMemoryRegistry(Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(5),
                Duration.ofSeconds(15), Duration.ofMinutes(10), 10_000, peers);
        long heapBefore = usedAfterGc();
        long started = System.nanoTime();
        for (int p = 0; p < peers; p++) {
            String host = "sim-%06d".formatted(p);
            String token = registry.register(new RegisterRequest(host, "127.0.0.1", 1024 + p % 64_000, null)).token();
            SplittableRandom random = new SplittableRandom(1_000_003L + p);
            List<FileEntry> list = new ArrayList<>(files);
            Set<Integer> taken = new HashSet<>();
            while (list.size() < files) {
                int item = draw(cumulative, random);
                if (taken.add(item)) {
                    list.add(new FileEntry(name(item), 1024L + item, new String(hex(sha, item, "content:")),
                            new String(hex(manifest, item, "manifest:")), random.nextDouble() < 0.05));
                }
            }
            registry.replaceFiles(host, token, list);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        sha = null;
        manifest = null;
        long heap = usedAfterGc() - heapBefore;
        System.out.printf("BENCH registry %d peers × %d files (catalog %d): filled in %.1f s (%.0f announces/s), "
                        + "heap after GC %d MiB, %.0f B per announced file, %d names%n", peers, files, catalog, seconds,
                peers / seconds, heap >> 20, heap / (double) peers / files, registry.tableForTest().names().size());
        for (int rank : new int[] {0, 10, 1000, 100_000}) {
            String name = name(rank);
            int rounds = 2000;
            long t = System.nanoTime();
            int found = 0;
            for (int i = 0; i < rounds; i++) {
                try {
                    found = registry.sources(name, null).getFirst().completeSources();
                } catch (RegistryException e) {
                    found = -1;
                }
            }
            System.out.printf("BENCH sources of rank %d (%d complete holders): %.1f µs%n", rank, found,
                    (System.nanoTime() - t) / 1e3 / rounds);
        }
        for (String pattern : List.of("holiday-photo-0000042.*", "*-000004*", "*podcast*", "*.iso", "*scan*7?.pdf")) {
            long best = Long.MAX_VALUE;
            int hits = 0;
            for (int i = 0; i < 3; i++) {
                long t = System.nanoTime();
                hits = registry.findFiles(pattern).size();
                best = Math.min(best, System.nanoTime() - t);
            }
            System.out.printf("BENCH search %-24s %7d hits %8.1f ms%n", pattern, hits, best / 1e6);
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static final String[] WORDS = {"holiday", "photo", "report", "backup", "music", "video", "notes", "draft",
        "invoice", "scan", "lecture", "podcast", "dataset", "build", "release", "manual", "poster", "talk", "album",
        "sketch", "thesis", "slides", "budget", "map", "recipe", "game", "patch", "font", "theme", "model", "trace", "log"};
    private static final String[] EXTENSIONS = {"jpg", "png", "pdf", "mp3", "mkv", "txt", "zip", "iso", "csv", "tar.gz"};

    /** The same names as the integration tests' Catalog (io.peershare.it.population). */
    private static String name(int item) {
        int mixed = Integer.reverse(item) ^ 0x5bd1e995;
        return WORDS[Math.floorMod(mixed, WORDS.length)] + "-" + WORDS[Math.floorMod(mixed >>> 8, WORDS.length)]
                + "-" + String.format("%07d", item) + "." + EXTENSIONS[Math.floorMod(mixed >>> 16, EXTENSIONS.length)];
    }

    private static String hex(String[] known, int item, String tag) throws Exception {
        if (known[item] == null) {
            known[item] = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((tag + item).getBytes(StandardCharsets.UTF_8)));
        }
        return known[item];
    }

    private static double[] zipf(int size, double skew) {
        double[] cumulative = new double[size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += 1 / Math.pow(i + 1, skew);
            cumulative[i] = sum;
        }
        for (int i = 0; i < size; i++) {
            cumulative[i] /= sum;
        }
        return cumulative;
    }

    private static int draw(double[] cumulative, SplittableRandom random) {
        int at = java.util.Arrays.binarySearch(cumulative, random.nextDouble());
        return Math.min(cumulative.length - 1, at >= 0 ? at : -at - 1);
    }
}
