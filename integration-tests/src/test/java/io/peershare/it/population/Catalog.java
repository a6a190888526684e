package io.peershare.it.population;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The distinct files a population shares, and how popular each is: item {@code i} is drawn with probability
 * proportional to {@code 1 / (i + 1)^skew} (Zipf), so a few files are held by thousands of peers and most by a
 * handful, as in a real swarm. Everything is derived from the item number, so two runs (or two processes)
 * with the same catalog agree on every name, hash and size.
 */
public final class Catalog {

    private static final String[] WORDS = {"holiday", "photo", "report", "backup", "music", "video", "notes", "draft",
        "invoice", "scan", "lecture", "podcast", "dataset", "build", "release", "manual", "poster", "talk", "album",
        "sketch", "thesis", "slides", "budget", "map", "recipe", "game", "patch", "font", "theme", "model", "trace", "log"};
    private static final String[] EXTENSIONS = {"jpg", "png", "pdf", "mp3", "mkv", "txt", "zip", "iso", "csv", "tar.gz"};

    private final int size;
    private final double[] cumulative;
    private final String[] sha256;
    private final String[] manifest;

    public Catalog(int size, double skew) {
        if (size < 1) {
            throw new IllegalArgumentException("a catalog needs at least one file, not " + size);
        }
        this.size = size;
        this.cumulative = new double[size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += 1 / Math.pow(i + 1, skew);
            cumulative[i] = sum;
        }
        for (int i = 0; i < size; i++) {
            cumulative[i] /= sum;
        }
        this.sha256 = new String[size];
        this.manifest = new String[size];
    }

    public int size() {
        return size;
    }

    /** A shared name, unique per item: two words, the item number, an extension (searchable by any of them). */
    public String name(int item) {
        // every bit of the item reaches every field: reversing an item below 2^20 left the word bits all zero,
        // so every name began with the same two words
        int mixed = item * 0x9e3779b1;
        mixed ^= mixed >>> 15;
        mixed *= 0x85ebca6b;
        mixed ^= mixed >>> 13;
        return WORDS[Math.floorMod(mixed, WORDS.length)] + "-" + WORDS[Math.floorMod(mixed >>> 8, WORDS.length)]
                + "-" + String.format("%07d", item) + "." + EXTENSIONS[Math.floorMod(mixed >>> 16, EXTENSIONS.length)];
    }

    public long bytes(int item) {
        return 1024L + Math.floorMod((long) item * 2654435761L, 64L << 20);
    }

    /** The item's content hash (64 hex characters), computed once on first use. */
    public String sha256(int item) {
        String known = sha256[item];
        if (known == null) {
            known = digest("content:" + item);
            sha256[item] = known; // a race computes the same value twice: harmless
        }
        return known;
    }

    public String manifest(int item) {
        String known = manifest[item];
        if (known == null) {
            known = digest("manifest:" + item);
            manifest[item] = known;
        }
        return known;
    }

    /** One item, drawn with the catalog's skew. */
    public int draw(SplittableRandom random) {
        int at = Arrays.binarySearch(cumulative, random.nextDouble());
        return Math.min(size - 1, at >= 0 ? at : -at - 1);
    }

    /** {@code count} distinct items (the files one peer holds), popular ones more often. */
    public int[] pick(int count, SplittableRandom random) {
        if (count > size) {
            throw new IllegalArgumentException(count + " files per peer from a catalog of " + size);
        }
        java.util.Set<Integer> taken = new java.util.HashSet<>(count * 2);
        int[] items = new int[count];
        for (int n = 0; n < count; n++) {
            int item = draw(random);
            for (int tries = 0; taken.contains(item); tries++) { // popular items repeat: after a few draws take any free one
                item = tries < 8 ? draw(random) : random.nextInt(size);
            }
            taken.add(item);
            items[n] = item;
        }
        return items;
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }
}
