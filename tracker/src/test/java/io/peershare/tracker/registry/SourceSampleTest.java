package io.peershare.tracker.registry;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sampling policy alone, on numbered holders: complete ones are 0…, partial ones 100 000…. */
class SourceSampleTest {

    final SourceSample sample = new SourceSample(new Random(42));

    static List<Integer> complete(int count) {
        return IntStream.range(0, count).boxed().toList();
    }

    static List<Integer> partial(int count) {
        return IntStream.range(100_000, 100_000 + count).boxed().toList();
    }

    static long completeIn(List<Integer> picked) {
        return picked.stream().filter(holder -> holder < 100_000).count();
    }

    @Test
    void shouldListEveryHolderWhenThereAreNoMoreThanTheLimit() {
        List<Integer> picked = sample.pick(complete(3), partial(2), 50);

        assertThat(picked).containsExactlyInAnyOrder(0, 1, 2, 100_000, 100_001);
    }

    @Test
    void shouldGiveHalfTheSlotsToCompleteHoldersAndTheRestToPartialOnesWhenBothAreMany() {
        List<Integer> picked = sample.pick(complete(1000), partial(1000), 50);

        assertThat(picked).hasSize(50).doesNotHaveDuplicates();
        assertThat(completeIn(picked)).isEqualTo(25);
    }

    @Test
    void shouldRoundTheCompleteHalfUpSoALimitOfOneListsACompleteHolder() {
        assertThat(completeIn(sample.pick(complete(10), partial(10), 5))).isEqualTo(3);
        assertThat(sample.pick(complete(10), partial(10), 1)).singleElement().satisfies(holder -> assertThat(holder).isLessThan(100_000));
    }

    @Test
    void shouldGiveSlotsThatPartialHoldersLeaveFreeToMoreCompleteHolders() {
        List<Integer> picked = sample.pick(complete(100), partial(3), 10);

        assertThat(picked).hasSize(10).contains(100_000, 100_001, 100_002);
        assertThat(completeIn(picked)).isEqualTo(7);
    }

    @Test
    void shouldGiveSlotsThatCompleteHoldersLeaveFreeToMorePartialHolders() {
        List<Integer> picked = sample.pick(complete(2), partial(100), 10);

        assertThat(picked).hasSize(10).contains(0, 1);
        assertThat(completeIn(picked)).isEqualTo(2);
    }

    @Test
    void shouldListNothingWhenThereAreNoHolders() {
        assertThat(sample.pick(List.<Integer>of(), List.of(), 50)).isEmpty();
    }

    @Test
    void shouldMixBothKindsInTheOrderNotCompleteHoldersFirst() {
        List<Integer> picked = sample.pick(complete(100), partial(100), 50);

        assertThat(picked.subList(0, 25)).anyMatch(holder -> holder >= 100_000);
    }

    @Test
    void shouldDrawTheSameSampleFromTheSameSeedAndAnotherOneOnTheNextRequest() {
        List<Integer> first = new SourceSample(new Random(7)).pick(complete(1000), partial(0), 50);
        List<Integer> again = new SourceSample(new Random(7)).pick(complete(1000), partial(0), 50);
        SourceSample seeded = new SourceSample(new Random(7));
        seeded.pick(complete(1000), partial(0), 50);
        List<Integer> next = seeded.pick(complete(1000), partial(0), 50);

        assertThat(again).isEqualTo(first);
        assertThat(new HashSet<>(next)).isNotEqualTo(new HashSet<>(first));
    }

    @Test
    void shouldReachEveryHolderOverManyRequestsSoTheLoadSpreads() {
        Set<Integer> seen = new HashSet<>();
        for (int request = 0; request < 400; request++) {
            seen.addAll(sample.pick(complete(500), partial(500), 50));
        }

        assertThat(seen).hasSize(1000);
    }

    @Test
    void shouldLeaveTheGivenListsAsTheyWere() {
        List<Integer> complete = new java.util.ArrayList<>(complete(100));
        List<Integer> partial = new java.util.ArrayList<>(partial(100));

        sample.pick(complete, partial, 10);

        assertThat(complete).isEqualTo(complete(100));
        assertThat(partial).isEqualTo(partial(100));
    }

    @Test
    void shouldRefuseALimitBelowOne() {
        assertThatThrownBy(() -> sample.pick(complete(1), partial(1), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
