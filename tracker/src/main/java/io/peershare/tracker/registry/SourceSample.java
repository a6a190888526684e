package io.peershare.tracker.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Which holders of one content a sources answer lists, when there are more than the request's limit. A
 * fresh random sample per request, so that thousands of fetchers asking at once spread over every holder
 * instead of all crowding the same first few.
 *
 * <p>Complete holders take up to half of the slots (rounded up) first: they can serve every piece, so a
 * fetcher must always meet some. Partial holders fill the rest, since they are what makes a swarm scale
 * while a file is new; slots they leave free go to more complete holders. The result is shuffled, so its
 * order says nothing about the kind or the registry's order.
 */
final class SourceSample {

    /** Sources per content when the request gives no limit. */
    static final int DEFAULT_LIMIT = 50;
    /** Largest limit a request may ask for: an answer stays small however many peers hold a file. */
    static final int MAX_LIMIT = 200;

    private final Supplier<? extends RandomGenerator> random;

    /** The production sample: each request thread draws from its own generator, with no contention. */
    SourceSample() {
        this.random = ThreadLocalRandom::current;
    }

    /** A sample drawing from {@code random} (tests: a seeded generator, for a repeatable draw). */
    SourceSample(RandomGenerator random) {
        this.random = () -> random;
    }

    /**
     * At most {@code limit} of the holders, complete ones at least half when there are that many, shuffled.
     * The lists are not changed. {@code limit} is a validated request value (1 or more).
     */
    <T> List<T> pick(List<T> complete, List<T> partial, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit + " is below 1");
        }
        RandomGenerator rng = random.get();
        int[] taken = quotas(complete.size(), partial.size(), limit);
        List<T> picked = new ArrayList<>(taken[0] + taken[1]);
        picked.addAll(randomSubset(complete, taken[0], rng));
        picked.addAll(randomSubset(partial, taken[1], rng));
        Collections.shuffle(picked, rng);
        return Collections.unmodifiableList(picked);
    }

    /**
     * How many complete and partial holders a sample of at most {@code limit} takes from {@code complete} and
     * {@code partial} live ones: complete ones up to half first, partial ones the rest, complete ones any slot left.
     */
    static int[] quotas(int complete, int partial, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit + " is below 1");
        }
        int completeFirst = Math.min(complete, (limit + 1) / 2);
        int partialTaken = Math.min(partial, limit - completeFirst);
        int completeTaken = Math.min(complete, limit - partialTaken);
        return new int[] {completeTaken, partialTaken};
    }

    /** The generator this request draws from. */
    RandomGenerator random() {
        return random.get();
    }

    /** {@code count} of {@code from}, drawn uniformly (all of them when count is its size); {@code from} is not changed. */
    static <T> List<T> subset(List<T> from, int count, RandomGenerator rng) {
        return randomSubset(from, count, rng);
    }

    /** {@code count} distinct elements drawn uniformly: the first steps of a Fisher-Yates shuffle of a copy. */
    private static <T> List<T> randomSubset(List<T> from, int count, RandomGenerator rng) {
        if (count == from.size()) {
            return from; // all of them: no draw needed, and the shuffle below mixes them anyway
        }
        List<T> copy = new ArrayList<>(from);
        for (int i = 0; i < count; i++) {
            Collections.swap(copy, i, rng.nextInt(i, copy.size()));
        }
        return copy.subList(0, count);
    }
}
