package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.FileSummary;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry's search through the name index must give exactly what a scan of every peer gives, through
 * announcements, replacements, withdrawals, takeovers and sweeps (and the rebuilds they cause).
 */
class NameIndexTest {

    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    static final Duration TTL = Duration.ofSeconds(15);
    static final List<String> PATTERNS = List.of("", "*", "*.txt", "report*", "*EPO*", "r?port-1*", "*-1?.*", "x",
            "*port-2*.bin", "*a*e*", "report-3.txt", "zzz*", "???");

    final InMemoryRegistry registry = new InMemoryRegistry(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5), TTL,
            Duration.ofMinutes(10), 10_000);

    @Test
    void shouldFindWhatAScanOfEveryPeerFindsThroughAnnouncementsWithdrawalsAndUnregistrations() {
        Random random = new Random(3);
        List<String> tokens = new ArrayList<>();
        for (int p = 0; p < 8; p++) {
            tokens.add(registry.register(new io.peershare.protocol.api.RegisterRequest("peer" + p, "10.0.0." + p, 7070, null)).token());
        }
        for (int round = 0; round < 400; round++) {
            int p = random.nextInt(8);
            String host = "peer" + p;
            String name = "report-" + random.nextInt(40) + (random.nextBoolean() ? ".txt" : ".bin");
            switch (random.nextInt(4)) {
                case 0 -> registry.addFiles(host, tokens.get(p), List.of(file(name, random)));
                case 1 -> registry.withdrawFile(host, tokens.get(p), name);
                case 2 -> registry.replaceFiles(host, tokens.get(p), IntStream.range(0, random.nextInt(30))
                        .mapToObj(i -> file("report-" + random.nextInt(40) + ".txt", random)).distinct()
                        .collect(java.util.stream.Collectors.toMap(FileEntry::name, f -> f, (a, b) -> a))
                        .values().stream().toList());
                default -> {
                    registry.unregister(host, tokens.get(p));
                    tokens.set(p, registry.register(new io.peershare.protocol.api.RegisterRequest(host, "10.0.0." + p, 7070, null)).token());
                }
            }
            if (round % 20 == 0) {
                assertSameAsScan();
            }
        }
        assertSameAsScan();
    }

    @Test
    void shouldStillFindEveryNameAfterManyNamesComeAndGo() {
        String token = registry.register(new io.peershare.protocol.api.RegisterRequest("churn", "10.0.0.9", 7070, null)).token();
        for (int batch = 0; batch < 5; batch++) { // each batch replaces 1000 names: dead ids pile up and force rebuilds
            int b = batch;
            registry.replaceFiles("churn", token, IntStream.range(0, 1000)
                    .mapToObj(i -> new FileEntry("b" + b + "-file-" + i, i, "%064x".formatted(i))).toList());
        }
        assertThat(registry.findFiles("b4-file-99*")).extracting(FileSummary::name)
                .containsExactlyInAnyOrder("b4-file-99", "b4-file-990", "b4-file-991", "b4-file-992", "b4-file-993",
                        "b4-file-994", "b4-file-995", "b4-file-996", "b4-file-997", "b4-file-998", "b4-file-999");
        assertThat(registry.findFiles("b3-*")).isEmpty();
        assertThat(registry.findFiles("*")).hasSize(1000);
    }

    @Test
    void shouldStopAtTheScanBudgetAndResumeWhereItStopped() {
        String token = registry.register(new io.peershare.protocol.api.RegisterRequest("many", "10.0.0.9", 7070, null)).token();
        registry.replaceFiles("many", token, IntStream.range(0, 1000)
                .mapToObj(i -> new FileEntry("doc-%04d.%s".formatted(i, i % 7 == 0 ? "iso" : "txt"), i, "%064x".formatted(i)))
                .toList());
        registry.tableForTest().names().limitScan(64);
        for (String pattern : List.of("*9*", "*.iso", "*0?.*", "*", "*q*", "doc-0*1.txt", "*.txt*q")) {
            List<FileSummary> expected = FileIndex.summaries(snapshot(), Glob.compile(pattern), NOW, TTL);
            List<FileSummary> paged = new ArrayList<>();
            int shortPagesWithANext = 0;
            for (Page<FileSummary> page = registry.findFiles(pattern, null, 10); ; ) {
                paged.addAll(page.items());
                if (page.isLast()) {
                    break;
                }
                shortPagesWithANext += page.items().size() < 10 ? 1 : 0;
                page = registry.findFiles(pattern, page.next(), 10);
            }
            assertThat(paged).as(pattern).isEqualTo(expected);
            // no trigram, or a rare match among many candidates (every one's name read): a walk of 64 names a request
            if (List.of("*9*", "*0?.*", "*q*", "*.txt*q").contains(pattern)) {
                assertThat(shortPagesWithANext).as(pattern).isGreaterThan(0);
            }
        }
        // a page of nothing but a cursor: 64 names examined, none matched
        Page<FileSummary> first = registry.findFiles("*q*", null, 10);
        assertThat(first.items()).isEmpty();
        assertThat(first.next()).isNotNull();
    }

    private void assertSameAsScan() {
        for (String pattern : PATTERNS) {
            assertThat(registry.findFiles(pattern)).as(pattern)
                    .isEqualTo(FileIndex.summaries(snapshot(), Glob.compile(pattern), NOW, TTL));
        }
    }

    private List<PeerEntry> snapshot() {
        return registry.peers().stream().map(view -> new PeerEntry(view.hostname(), view.address(), view.port(), "t",
                NOW, NOW, registry.files(view.hostname()).orElseThrow().stream()
                .collect(java.util.stream.Collectors.toMap(FileEntry::name, f -> f)))).toList();
    }

    private static FileEntry file(String name, Random random) {
        return new FileEntry(name, 10 + random.nextInt(3), "%064x".formatted(random.nextInt(2)), null, random.nextInt(4) == 0);
    }
}
