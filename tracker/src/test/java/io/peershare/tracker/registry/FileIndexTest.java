package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.FileSummary;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queries on hand-made registry snapshots in a chosen order: the answer must not depend on which holder
 * the registry happens to visit last (it once took the size of that one, so one liar could break every fetch).
 */
class FileIndexTest {

    static final String SHA = "a".repeat(64);
    static final String ROOT = "c".repeat(64);
    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    static final Duration TTL = Duration.ofSeconds(15);

    static PeerEntry holder(String hostname, FileEntry file) {
        return new PeerEntry(hostname, "10.0.0.1", 7070, "token", NOW, NOW, Map.of(file.name(), file));
    }

    static List<PeerEntry> honestThenLiar() {
        List<PeerEntry> peers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            peers.add(holder("honest" + i, new FileEntry("iso", 1_000_000, SHA, ROOT, i == 2)));
        }
        peers.add(holder("liar", new FileEntry("iso", 1, SHA, ROOT, false)));
        return peers;
    }

    @Test
    void shouldKeepTheHonestGroupIntactWhetherTheLiarIsVisitedFirstOrLast() {
        List<PeerEntry> liarLast = honestThenLiar();
        List<PeerEntry> liarFirst = new ArrayList<>(liarLast.reversed());

        for (List<PeerEntry> order : List.of(liarLast, liarFirst)) {
            List<FileSources> groups = FileIndex.sources(order, "iso", null, NOW, TTL, 50, new SourceSample(new Random(1)));

            assertThat(groups).extracting(FileSources::size).containsExactly(1_000_000L, 1L);
            assertThat(groups.getFirst().completeSources()).isEqualTo(2);
            assertThat(groups.getFirst().partialSources()).isEqualTo(1);
            assertThat(groups.getFirst().sources()).hasSize(3).noneMatch(source -> source.hostname().equals("liar"));
            assertThat(FileIndex.summaries(order, Glob.compile("iso"), NOW, TTL))
                    .extracting(FileSummary::size).containsExactly(1_000_000L);
        }
    }

    @Test
    void shouldLeaveNonLiveHoldersOutOfSourcesAndCountOnlyLiveOnesInTheSearch() {
        List<PeerEntry> peers = honestThenLiar();
        peers.add(new PeerEntry("gone", "10.0.0.2", 7070, "token", NOW, NOW.minus(TTL).minusMillis(1),
                Map.of("iso", new FileEntry("iso", 1_000_000, SHA, ROOT, false))));

        List<FileSources> groups = FileIndex.sources(peers, "iso", null, NOW, TTL, 50, new SourceSample(new Random(1)));

        assertThat(groups.getFirst().completeSources()).isEqualTo(2);
        assertThat(FileIndex.summaries(peers, Glob.compile("iso"), NOW, TTL))
                .extracting(FileSummary::liveSources, FileSummary::partialSources)
                .containsExactly(org.assertj.core.api.Assertions.tuple(2, 1)); // the liar is not a source of the honest group
    }

    @Test
    void shouldShowTheHonestGroupInEveryIterationOrderOfThreeHonestHoldersAndOneLiar() {
        List<List<PeerEntry>> orders = new ArrayList<>();
        permutations(honestThenLiar(), 0, orders);

        assertThat(orders).hasSize(24);
        for (List<PeerEntry> order : orders) {
            List<FileSources> groups = FileIndex.sources(order, "iso", null, NOW, TTL, 50, new SourceSample(new Random(1)));
            assertThat(groups.getFirst().size()).isEqualTo(1_000_000L);
            assertThat(groups.getFirst().sources()).extracting(s -> s.hostname()).doesNotContain("liar");
            assertThat(FileIndex.summaries(order, Glob.compile("ISO"), NOW, TTL))
                    .extracting(FileSummary::size, FileSummary::liveSources, FileSummary::partialSources)
                    .containsExactly(org.assertj.core.api.Assertions.tuple(1_000_000L, 2, 1));
        }
    }

    static void permutations(List<PeerEntry> peers, int from, List<List<PeerEntry>> out) {
        if (from == peers.size()) {
            out.add(List.copyOf(peers));
            return;
        }
        for (int i = from; i < peers.size(); i++) {
            java.util.Collections.swap(peers, from, i);
            permutations(peers, from + 1, out);
            java.util.Collections.swap(peers, from, i);
        }
    }
}
