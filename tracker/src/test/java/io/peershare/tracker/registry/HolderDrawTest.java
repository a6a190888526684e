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

    private DrawnSources draw(int count, int live, java.util.random.RandomGenerator random) {
        DrawnSources drawn = new DrawnSources(count);
        HolderDraw.draw(variant, count, live, NOW, TTL, random, drawn);
        return drawn;
    }

    @Test
    void shouldDrawEveryLiveHolderAboutEquallyOftenAndNoneTwiceInOneDraw() {
        holders(200, 100, 20); // random slots: 10 of 200 live, some tries hit silent or gone holders
        SplittableRandom random = new SplittableRandom(5);
        Map<String, Integer> drawn = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            List<Source> sources = draw(10, 200, random);
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
        List<Source> sources = draw(30, 30, new SplittableRandom(1));
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
            draw(10, 2_000, random);
        }
        int draws = 2_000;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < draws; i++) {
            draw(10, 2_000, random);
        }
        long perDraw = (threads.getCurrentThreadAllocatedBytes() - before) / draws;
        // 360 bytes measured (the answer's arrays of 10 encoded sources are about 130 of them); a list and a record
        // per source took about 320 more, and a HashSet of the tried slots about 800.
        assertThat(perDraw).as("bytes allocated per draw").isLessThan(450);
    }

    @Test
    void shouldAnswerAMovedHolderAtItsNewAddressAndEncodeItOnlyAgainThen() {
        holders(3, 0, 0);
        PeerCell moved = variant.holders.at(slotOf("h1"));
        SourceBytes first = moved.encoded(moved.entry());
        assertThat(moved.encoded(moved.entry().seenAt(NOW))).as("a heartbeat keeps the encoding").isSameAs(first);

        moved.set(moved.entry().movedTo("10.9.9.9", 9999, NOW));
        DrawnSources drawn = draw(3, 3, new SplittableRandom(2));
        assertThat(drawn).contains(new io.peershare.protocol.api.Source("h1", "10.9.9.9", 9999, false));
        byte[] json = new byte[drawn.length()];
        assertThat(drawn.write(json, 0)).isEqualTo(json.length);
        assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8))
                .contains("{\"hostname\":\"h1\",\"address\":\"10.9.9.9\",\"port\":9999,\"partial\":false}")
                .doesNotContain("7001");
    }

    private int slotOf(String hostname) {
        for (int slot = 0; slot < variant.holders.capacity(); slot++) {
            if (variant.holders.at(slot) != null && variant.holders.at(slot).hostname.equals(hostname)) {
                return slot;
            }
        }
        throw new AssertionError(hostname + " holds nothing");
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
