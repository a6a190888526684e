package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.RegisterRequest;
import io.peershare.protocol.api.Source;
import io.peershare.tracker.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compact representation: shared announcements counted exactly and freed with their last holder, a peer's
 * files round-tripping exactly through the sorted array, and sources from the index (kept counts, sampled
 * holders) equal to a scan of every peer through announcements, silences, comebacks and unregistrations.
 */
class CompactRegistryTest {

    static final Duration TTL = Duration.ofSeconds(15);
    static final String SHA_A = "a".repeat(64);
    static final String SHA_B = "b".repeat(64);

    final MutableClock clock = new MutableClock();
    final InMemoryRegistry registry = new InMemoryRegistry(clock, Duration.ofSeconds(5), TTL, Duration.ofMinutes(10),
            10_000, new SourceSample(new Random(7)));

    String register(String host) {
        return registry.register(new RegisterRequest(host, "10.0.0.1", 7070, null)).token();
    }

    @Test
    void shouldShareOneCopyOfAnAnnouncementAndFreeItWithItsLastHolder() {
        String t1 = register("p1");
        String t2 = register("p2");
        // Each peer's entry is its own object, as a request body gives it.
        registry.replaceFiles("p1", t1, List.of(new FileEntry(new String("cat.png"), 10, new String(SHA_A))));
        registry.replaceFiles("p2", t2, List.of(new FileEntry(new String("cat.png"), 10, new String(SHA_A))));
        FileEntry first = registry.entryForTest("p1").files().get("cat.png");
        assertThat(registry.entryForTest("p2").files().get("cat.png")).isSameAs(first);
        Announcements shared = registry.tableForTest().announcements();
        assertThat(shared.size()).isEqualTo(1);
        assertThat(shared.holders(first)).isEqualTo(2);

        registry.withdrawFile("p1", t1, "cat.png");
        assertThat(shared.holders(first)).isEqualTo(1);
        registry.addFiles("p2", t2, List.of(new FileEntry("cat.png", 10, SHA_B))); // changed content: old one released
        assertThat(shared.holders(first)).isZero();
        assertThat(shared.size()).isEqualTo(1);
        registry.unregister("p2", t2);
        assertThat(shared.size()).isZero();
        assertThat(registry.tableForTest().names().size()).isZero();
    }

    @Test
    void shouldFreeAnnouncementsOfExpiredPeers() {
        String token = register("p1");
        registry.replaceFiles("p1", token, List.of(new FileEntry("a", 1, SHA_A), new FileEntry("b", 2, SHA_B)));
        clock.advance(Duration.ofMinutes(11));
        assertThat(registry.sweep()).isEqualTo(1);
        assertThat(registry.tableForTest().announcements().size()).isZero();
    }

    @Test
    void shouldRoundTripAPeersFilesExactlyAndViewThemAsASortedMap() {
        Random random = new Random(5);
        String token = register("p1");
        TreeMap<String, FileEntry> expected = new TreeMap<>();
        for (int round = 0; round < 300; round++) {
            String name = "f" + random.nextInt(60) + (random.nextBoolean() ? ".txt" : "");
            switch (random.nextInt(3)) {
                case 0 -> {
                    FileEntry file = new FileEntry(name, random.nextInt(100), "%064x".formatted(random.nextInt(3)),
                            random.nextBoolean() ? null : SHA_B, random.nextBoolean());
                    registry.addFiles("p1", token, List.of(file));
                    expected.put(name, file);
                }
                case 1 -> {
                    registry.withdrawFile("p1", token, name);
                    expected.remove(name);
                }
                default -> {
                    List<FileEntry> all = IntStream.range(0, random.nextInt(20))
                            .mapToObj(i -> new FileEntry("g" + random.nextInt(30), i, SHA_A))
                            .collect(Collectors.toMap(FileEntry::name, f -> f, (a, b) -> a)).values().stream().toList();
                    registry.replaceFiles("p1", token, all);
                    expected.clear();
                    all.forEach(f -> expected.put(f.name(), f));
                }
            }
            assertThat(registry.files("p1").orElseThrow()).containsExactlyElementsOf(expected.values());
            var files = (java.util.SortedMap<String, FileEntry>) registry.entryForTest("p1").files();
            assertThat(files).isEqualTo(expected);
            String from = "f" + random.nextInt(60);
            assertThat(files.tailMap(from)).isEqualTo(expected.tailMap(from));
            assertThat(files.headMap(from)).isEqualTo(expected.headMap(from));
        }
    }

    @Test
    void shouldAnswerSourcesAndSearchesAsAScanOfEveryPeerDoesThroughSilencesAndComebacks() {
        Random random = new Random(11);
        int peers = 300;
        List<String> tokens = new ArrayList<>();
        for (int p = 0; p < peers; p++) {
            tokens.add(register("p" + p));
            registry.replaceFiles("p" + p, tokens.get(p), List.of(popular(random)));
        }
        for (int round = 0; round < 60; round++) {
            for (int i = 0; i < 20; i++) {
                int p = random.nextInt(peers);
                switch (random.nextInt(4)) {
                    case 0 -> registry.heartbeat("p" + p, tokens.get(p));
                    case 1 -> registry.replaceFiles("p" + p, tokens.get(p), List.of(popular(random)));
                    case 2 -> registry.withdrawFile("p" + p, tokens.get(p), "popular.iso");
                    default -> registry.heartbeat("p" + p, tokens.get(p));
                }
            }
            clock.advance(Duration.ofMillis(random.nextInt(4000)));
            assertSameAsScan(random.nextInt(200) + 1);
            assertThat(registry.findFiles("popular*")).isEqualTo(FileIndex.summaries(registry.tableForTest().values(),
                    Glob.compile("popular*"), clock.instant(), TTL));
        }
    }

    @Test
    void shouldCountEveryHolderExactlyWhenManyPeersChangeSharedFilesAtOnce() throws Exception {
        int threads = 8;
        List<java.util.concurrent.Callable<Void>> tasks = new ArrayList<>();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            String host = "p" + t;
            String token = register(host);
            Random random = new Random(t);
            tasks.add(() -> {
                start.await();
                for (int i = 0; i < 2_000; i++) {
                    FileEntry file = new FileEntry("f" + random.nextInt(20), 1, random.nextBoolean() ? SHA_A : SHA_B);
                    switch (random.nextInt(3)) {
                        case 0 -> registry.addFiles(host, token, List.of(file));
                        case 1 -> registry.withdrawFile(host, token, file.name());
                        default -> registry.replaceFiles(host, token, List.of(file, new FileEntry("g", 2, SHA_A)));
                    }
                }
                return null;
            });
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            var futures = tasks.stream().map(pool::submit).toList();
            start.countDown();
            for (var future : futures) {
                future.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Map<FileEntry, Integer> held = new HashMap<>();
        Map<String, Set<String>> byName = new HashMap<>();
        for (PeerEntry peer : registry.tableForTest().values()) {
            for (FileEntry file : peer.files().values()) {
                held.merge(file, 1, Integer::sum);
                byName.computeIfAbsent(file.name(), n -> new java.util.HashSet<>()).add(peer.hostname());
            }
        }
        Announcements shared = registry.tableForTest().announcements();
        assertThat(shared.size()).isEqualTo(held.size());
        held.forEach((file, holders) -> assertThat(shared.holders(file)).as(file.toString()).isEqualTo(holders));
        assertThat(registry.tableForTest().names().size()).isEqualTo(byName.size());
        byName.forEach((name, hosts) -> assertThat(Set.copyOf(registry.tableForTest().names().holders(name)))
                .as(name).isEqualTo(hosts));
    }

    private static FileEntry popular(Random random) {
        return new FileEntry("popular.iso", 100, random.nextInt(5) == 0 ? SHA_B : SHA_A, null, random.nextInt(3) == 0);
    }

    private Set<Source> liveHolders(String sha256) {
        Set<Source> live = new java.util.HashSet<>();
        for (PeerEntry peer : registry.tableForTest().values()) {
            FileEntry file = peer.files().get("popular.iso");
            if (file != null && file.sha256().equals(sha256) && peer.isLive(clock.instant(), TTL)) {
                live.add(new Source(peer.hostname(), peer.address(), peer.port(), file.partial()));
            }
        }
        return live;
    }

    /** Counts equal the scan's; each sample has the quota's size, no repeats, only live holders of its kind. */
    private void assertSameAsScan(int limit) {
        List<FileSources> scanned = FileIndex.sources(registry.tableForTest().values(), "popular.iso", null,
                clock.instant(), TTL, 200, new SourceSample(new Random(1)));
        List<FileSources> indexed;
        try {
            indexed = registry.sources("popular.iso", null, limit);
        } catch (RegistryException e) {
            assertThat(scanned).isEmpty();
            return;
        }
        Comparator<FileSources> bySha = Comparator.comparing(FileSources::sha256);
        assertThat(indexed.stream().sorted(bySha).map(s -> List.of(s.sha256(), s.completeSources(), s.partialSources())))
                .isEqualTo(scanned.stream().sorted(bySha).map(s -> List.of(s.sha256(), s.completeSources(), s.partialSources()))
                        .toList());
        for (FileSources group : indexed) {
            int[] quota = SourceSample.quotas(group.completeSources(), group.partialSources(), limit);
            assertThat(group.sources()).hasSize(quota[0] + quota[1]).doesNotHaveDuplicates();
            assertThat(group.sources().stream().filter(Source::partial).count()).isEqualTo(quota[1]);
            assertThat(liveHolders(group.sha256())).containsAll(group.sources());
        }
    }
}
