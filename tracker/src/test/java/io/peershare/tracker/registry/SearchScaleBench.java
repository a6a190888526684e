package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.RegisterRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opt-in measure (not a CI test): a registry of many announced names, searched through the index and by a
 * scan of every peer (what every search did before the index). Run with
 * {@code ./mvnw -B -o test -pl protocol,tracker -Dtest=SearchScaleBench -Dpeershare.bench=true -Dbench.names=1000000}.
 */
@EnabledIfSystemProperty(named = "peershare.bench", matches = "true")
class SearchScaleBench {

    @Test
    void searchALargeRegistry() {
        int names = Integer.getInteger("bench.names", 1_000_000);
        int perPeer = 10_000;
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        InMemoryRegistry registry = new InMemoryRegistry(Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(5),
                Duration.ofSeconds(15), Duration.ofMinutes(10), perPeer);
        long started = System.nanoTime();
        for (int p = 0; p * perPeer < names; p++) {
            String token = registry.register(new RegisterRequest("peer" + p, "10.0.0.1", 7070, null)).token();
            int base = p * perPeer;
            registry.replaceFiles("peer" + p, token, IntStream.range(base, base + perPeer)
                    .mapToObj(i -> new FileEntry(catalogName(i), i, "%064x".formatted(i))).toList());
        }
        System.gc();
        Runtime rt = Runtime.getRuntime();
        System.out.printf("BENCH announced %d names in %d ms, heap used %d MiB%n", names,
                (System.nanoTime() - started) / 1_000_000, (rt.totalMemory() - rt.freeMemory()) >> 20);
        // bench/tracker-scale.sh's patterns, over the names of its population's catalog
        for (String pattern : List.of("holiday-photo-0000042.*", "*-000004*", "*podcast*", "*.iso", "*scan*7?.pdf",
                "*.iso*xq", "*a*", "*-0000001.*")) {
            measure(registry, pattern, now);
        }
    }

    /** The name of catalog item {@code item}, as the population generator makes it (integration-tests' Catalog). */
    private static String catalogName(int item) {
        int mixed = item * 0x9e3779b1;
        mixed ^= mixed >>> 15;
        mixed *= 0x85ebca6b;
        mixed ^= mixed >>> 13;
        return WORDS[Math.floorMod(mixed, WORDS.length)] + "-" + WORDS[Math.floorMod(mixed >>> 8, WORDS.length)]
                + "-" + String.format("%07d", item) + "." + EXTENSIONS[Math.floorMod(mixed >>> 16, EXTENSIONS.length)];
    }

    private static final String[] WORDS = {"holiday", "photo", "report", "backup", "music", "video", "notes", "draft",
        "invoice", "scan", "lecture", "podcast", "dataset", "build", "release", "manual", "poster", "talk", "album",
        "sketch", "thesis", "slides", "budget", "map", "recipe", "game", "patch", "font", "theme", "model", "trace", "log"};
    private static final String[] EXTENSIONS = {"jpg", "png", "pdf", "mp3", "mkv", "txt", "zip", "iso", "csv", "tar.gz"};

    private static void measure(InMemoryRegistry registry, String pattern, Instant now) {
        int found = 0;
        long best = Long.MAX_VALUE;
        long firstPage = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long t = System.nanoTime();
            registry.findFiles(pattern, null, PageSize.FILES.defaultSize()); // what GET /files?q= answers
            firstPage = Math.min(firstPage, System.nanoTime() - t);
            t = System.nanoTime();
            found = registry.findFiles(pattern).size();
            best = Math.min(best, System.nanoTime() - t);
        }
        List<PeerEntry> peers = List.copyOf(registryPeers(registry));
        long scan = System.nanoTime();
        int scanned = FileIndex.summaries(peers, Glob.compile(pattern), now, Duration.ofSeconds(15)).size();
        scan = System.nanoTime() - scan;
        assertThat(scanned).isEqualTo(found);
        // What every search did before the index: the pattern as a regex, matched against every peer's every name
        java.util.regex.Pattern regex = java.util.regex.Pattern.compile(pattern.replace(".", "\\.").replace("?", ".")
                .replace("*", ".*"), java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE);
        long before = System.nanoTime();
        int matched = 0;
        for (PeerEntry peer : peers) {
            for (String name : peer.files().keySet()) {
                matched += regex.matcher(name).matches() ? 1 : 0;
            }
        }
        before = System.nanoTime() - before;
        System.out.printf("BENCH q=%-26s found %7d  first page %7.2f ms  every page %8.2f ms  glob scan %8.2f ms"
                + "  regex scan (before) %8.2f ms (%d)%n", pattern, found, firstPage / 1e6, best / 1e6, scan / 1e6,
                before / 1e6, matched);
    }

    private static java.util.Collection<PeerEntry> registryPeers(InMemoryRegistry registry) {
        try {
            var field = InMemoryRegistry.class.getDeclaredField("peers");
            field.setAccessible(true);
            return ((PeerTable) field.get(registry)).values();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
