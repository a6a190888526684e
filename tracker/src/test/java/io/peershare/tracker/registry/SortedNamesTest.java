package io.peershare.tracker.registry;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class SortedNamesTest {

    @Test
    void shouldAgreeWithATreeSetThroughRandomAddsRemovesAndWalksAcrossManyChunks() {
        SortedNames names = new SortedNames(NameOrder.INSTANCE);
        TreeSet<String> reference = new TreeSet<>(NameOrder.INSTANCE);
        Random random = new Random(8);
        for (int step = 0; step < 60_000; step++) {
            String name = (random.nextBoolean() ? "N" : "n") + random.nextInt(20_000);
            if (random.nextInt(3) == 0) {
                names.remove(name);
                reference.remove(name);
            } else {
                names.add(name);
                reference.add(name);
            }
        }
        assertThat(names.size()).isEqualTo(reference.size()).isGreaterThan(4 * SortedNames.CHUNK);
        assertThat(walk(names, null, Integer.MAX_VALUE)).containsExactlyElementsOf(reference);
        for (String from : List.of("n1", "N1", "n5000", "a", "z", reference.first(), reference.last())) {
            assertThat(walk(names, from, 700)).as(from)
                    .containsExactlyElementsOf(reference.tailSet(from, false).stream().limit(700).toList());
        }
    }

    @Test
    void shouldEmptyAndRefillWithoutLosingOrder() {
        SortedNames names = new SortedNames(NameOrder.INSTANCE);
        for (int i = 0; i < 3 * SortedNames.CHUNK; i++) {
            names.add("x" + i);
        }
        for (int i = 0; i < 3 * SortedNames.CHUNK; i++) {
            names.remove("x" + i);
        }
        assertThat(names.size()).isZero();
        assertThat(walk(names, null, 10)).isEmpty();
        names.add("b");
        names.add("a");
        names.add("b");
        assertThat(walk(names, null, 10)).containsExactly("a", "b");
    }

    @Test
    void shouldMergeNearlyEmptyChunksWhenMostNamesAreRemoved() {
        SortedNames names = new SortedNames(NameOrder.INSTANCE);
        int count = 100 * SortedNames.CHUNK;
        for (int i = 0; i < count; i++) {
            names.add(String.format("n%07d", i));
        }
        for (int i = 0; i < count; i++) {
            if (i % 100 != 0) {
                names.remove(String.format("n%07d", i));
            }
        }
        assertThat(names.size()).isEqualTo(count / 100);
        assertThat(names.chunks()).as("chunks for %d names", names.size()).isLessThanOrEqualTo(8);
        assertThat(walk(names, null, Integer.MAX_VALUE)).isSorted().hasSize(count / 100);
    }

    @Test
    void shouldOrderNamesCaseInsensitivelyThenExactly() {
        List<String> sorted = new ArrayList<>(List.of("b.txt", "Cat.png", "a.txt", "cat.png", "CAT.png", "cat", "ÄB", "äa"));
        sorted.sort(NameOrder.INSTANCE);
        assertThat(sorted).containsExactly("a.txt", "b.txt", "cat", "CAT.png", "Cat.png", "cat.png", "äa", "ÄB");
    }

    private static List<String> walk(SortedNames names, String after, int max) {
        List<String> seen = new ArrayList<>();
        names.forEachAfter(after, name -> {
            seen.add(name);
            return seen.size() < max;
        });
        return seen;
    }
}
