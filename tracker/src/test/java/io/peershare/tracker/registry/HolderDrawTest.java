package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.Source;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The draw of holders for a sources answer: uniform, without repeats, only live ones, and nothing kept per draw. */
class HolderDrawTest {

    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    static final Duration TTL = Duration.ofSeconds(15);

    final NameIndex.Variant variant = new NameIndex.Variant(new FileEntry("a.bin", 10, "%064x".formatted(1)));

    /** {@code live} live holders, {@code silent} silent ones and {@code gone} removed ones (their cells marked gone). */
    private void holders(int live, int silent, int gone) {
        for (int i = 0; i < live + silent + gone; i++) {
            PeerCell cell = new PeerCell("h" + i);
            Instant seen = i < live ? NOW : NOW.minus(TTL).minusSeconds(1);
            cell.set(i < live + silent ? PeerEntry.fresh(cell.hostname, "10.0.0.1", 7000 + i, "t", seen) : null);
            variant.holders.add(cell);
        }
    }

    @Test
    void shouldDrawEveryLiveHolderAboutEquallyOftenAndNoneTwiceInOneDraw() {
        holders(200, 100, 20); // random slots: 10 of 200 live, some tries hit silent or gone holders
        SplittableRandom random = new SplittableRandom(5);
        Map<String, Integer> drawn = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            List<Source> sources = HolderDraw.draw(variant, 10, 200, NOW, TTL, random);
            Set<String> once = new HashSet<>();
            sources.forEach(s -> assertThat(once.add(s.hostname())).as("drawn twice: %s", s.hostname()).isTrue());
            assertThat(sources).hasSize(10);
            sources.forEach(s -> drawn.merge(s.hostname(), 1, Integer::sum));
        }
        assertThat(drawn).hasSize(200); // only the live ones, every one of them
        assertThat(drawn.keySet()).allSatisfy(h -> assertThat(Integer.parseInt(h.substring(1))).isLessThan(200));
        // 1,000 expected each (binomial, standard deviation about 31)
        assertThat(drawn.values()).allSatisfy(n -> assertThat(n).isBetween(850, 1_150));
    }

    @Test
    void shouldListEveryLiveHolderWhenTheSampleIsMostOfThem() {
        holders(30, 5, 5);
        List<Source> sources = HolderDraw.draw(variant, 30, 30, NOW, TTL, new SplittableRandom(1));
        assertThat(sources).extracting(Source::hostname).doesNotHaveDuplicates().hasSize(30)
                .allSatisfy(h -> assertThat(Integer.parseInt(h.substring(1))).isLessThan(30));
        assertThat(sources).allSatisfy(s -> assertThat(s.port()).isEqualTo(7000 + Integer.parseInt(s.hostname().substring(1))));
    }

    @Test
    void shouldAllocateLittleMoreThanTheAnswer() {
        holders(2_000, 0, 0);
        SplittableRandom random = new SplittableRandom(3);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 2_000; i++) { // the thread's tried-slot set is made once
            HolderDraw.draw(variant, 10, 2_000, NOW, TTL, random);
        }
        int draws = 2_000;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < draws; i++) {
            HolderDraw.draw(variant, 10, 2_000, NOW, TTL, random);
        }
        long perDraw = (threads.getCurrentThreadAllocatedBytes() - before) / draws;
        // The answer: a list of 10 and 10 sources, 400 bytes here; a HashSet of the tried slots added about 800 more.
        assertThat(perDraw).as("bytes allocated per draw").isLessThan(700);
    }

    @Test
    void triedSlotsShouldRememberExactlyTheSlotsOfTheCurrentDraw() {
        Random random = new Random(7);
        for (int draw = 0; draw < 300; draw++) {
            int tries = 1 + random.nextInt(draw < 150 ? 100 : 2_000); // small draws, then the set grows
            TriedSlots tried = TriedSlots.forDraw(tries);
            Set<Integer> expected = new HashSet<>();
            for (int i = 0; i < tries; i++) {
                int slot = random.nextInt(1 + random.nextInt(4_096));
                assertThat(tried.add(slot)).isEqualTo(expected.add(slot));
            }
        }
    }
}
