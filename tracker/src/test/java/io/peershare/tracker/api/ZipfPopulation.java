package io.peershare.tracker.api;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.RegisterRequest;
import io.peershare.tracker.registry.Registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The benchmarks' registry content: each peer announces {@code files} distinct names drawn from a Zipf(1) catalog
 * of {@value #CATALOG}, one in five of them partially (fetching); every name has one content. Repeatable (seeded).
 */
final class ZipfPopulation {

    static final int CATALOG = 20_000;

    private ZipfPopulation() {
    }

    static void fill(Registry registry, int peers, int files) {
        double[] cumulative = new double[CATALOG];
        double total = 0;
        for (int rank = 0; rank < CATALOG; rank++) {
            total += 1.0 / (rank + 1);
            cumulative[rank] = total;
        }
        SplittableRandom random = new SplittableRandom(15);
        for (int p = 0; p < peers; p++) {
            String hostname = "peer-%05d.swarm.example".formatted(p);
            String token = registry.register(new RegisterRequest(hostname, "10.%d.%d.%d".formatted(p >> 16, (p >> 8) & 255,
                    p & 255), 7000 + p % 1000, null)).token();
            Set<Integer> ranks = new LinkedHashSet<>();
            while (ranks.size() < files) {
                int rank = Arrays.binarySearch(cumulative, random.nextDouble() * total);
                ranks.add(rank < 0 ? -rank - 1 : rank);
            }
            List<FileEntry> announced = new ArrayList<>();
            for (int rank : ranks) {
                announced.add(new FileEntry(name(rank), 1_000_000L + rank, "%064x".formatted(rank),
                        "%064x".formatted(rank + 1), random.nextInt(5) == 0));
            }
            registry.replaceFiles(hostname, token, announced);
        }
    }

    /** The catalog's name of popularity {@code rank} (0: the most announced). */
    static String name(int rank) {
        return "ubuntu-%05d-desktop-amd64.iso".formatted(rank);
    }

    /** The {@code count} most announced names. */
    static List<String> popular(int count) {
        List<String> names = new ArrayList<>();
        for (int rank = 0; rank < count; rank++) {
            names.add(name(rank));
        }
        return names;
    }
}
