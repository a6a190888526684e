package io.peershare.tracker.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * A case-insensitive shell-style pattern: {@code *} any run of characters, {@code ?} one character (one code
 * point). No regular expression is built from user input: the pattern is split on {@code *} into segments
 * matched left to right, each at its earliest position. The earliest position is always right (a later
 * segment can only gain from more room), so nothing is ever retried: a match costs at most
 * (name length × pattern length) comparisons, about 260 000 for a 255-character name and the longest pattern,
 * where the backtracking regex it replaces took minutes for a few stars.
 */
final class Glob {

    /** Longest pattern accepted; a name is at most 255 bytes, so longer patterns cannot be useful. */
    static final int MAX_LENGTH = 1024;

    /** A code point that stands for {@code ?} in a segment (no folded character is negative). */
    private static final int ANY_ONE = -1;

    private static final Glob EVERYTHING = new Glob(true, new int[0][]);

    private final boolean all;
    /** The pattern's parts between stars, folded; {@code ?} as {@link #ANY_ONE}. */
    private final int[][] segments;

    private Glob(boolean all, int[][] segments) {
        this.all = all;
        this.segments = segments;
    }

    /** Matches everything when {@code glob} is null or blank. */
    static Glob compile(String glob) {
        if (glob == null || glob.isBlank()) {
            return EVERYTHING;
        }
        if (glob.length() > MAX_LENGTH) {
            throw RegistryException.invalid("pattern is " + glob.length() + " characters long; the limit is " + MAX_LENGTH);
        }
        List<int[]> parts = new ArrayList<>();
        for (String part : glob.split("\\*", -1)) { // a fixed one-character split, not a user regex
            parts.add(part.codePoints().map(cp -> cp == '?' ? ANY_ONE : fold(cp)).toArray());
        }
        boolean onlyStars = parts.stream().allMatch(p -> p.length == 0);
        return new Glob(onlyStars, parts.toArray(int[][]::new));
    }

    /** True when every name matches (no pattern, or only stars): callers may skip matching. */
    boolean matchesEverything() {
        return all;
    }

    /** Whether the whole of {@code name} matches. */
    boolean matches(String name) {
        if (all) {
            return true;
        }
        // a search checks up to millions of names: fold each into a per-thread buffer, not a new array
        int[] folded = FOLDED.get();
        if (folded.length < name.length()) {
            folded = new int[name.length()];
            FOLDED.set(folded);
        }
        int length = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            folded[length++] = fold(cp);
            i += Character.charCount(cp);
        }
        return matches(folded, length);
    }

    /** Per-thread buffer for folded names (a shared name has at most 255 code points). */
    private static final ThreadLocal<int[]> FOLDED = ThreadLocal.withInitial(() -> new int[256]);

    /** Whether the first {@code length} code points of {@code name}, already {@link #fold folded}, match. */
    boolean matches(int[] name, int length) {
        if (all) {
            return true;
        }
        int last = segments.length - 1;
        if (last == 0) { // no star: the name must be the one segment exactly
            return length == segments[0].length && at(name, 0, segments[0]);
        }
        int[] first = segments[0];
        int[] end = segments[last];
        if (first.length + end.length > length || !at(name, 0, first) || !at(name, length - end.length, end)) {
            return false;
        }
        int from = first.length;
        int limit = length - end.length; // middle segments must fit before the last one
        for (int i = 1; i < last; i++) {
            int found = find(name, from, limit, segments[i]);
            if (found < 0) {
                return false;
            }
            from = found + segments[i].length;
        }
        return true;
    }

    /**
     * The runs of literal characters (folded) the pattern requires, each at least {@code min} long: a name
     * that matches contains every one of them.
     */
    List<int[]> literalRuns(int min) {
        List<int[]> runs = new ArrayList<>();
        for (int[] segment : segments) {
            int start = 0;
            for (int i = 0; i <= segment.length; i++) {
                if (i == segment.length || segment[i] == ANY_ONE) {
                    if (i - start >= min) {
                        runs.add(java.util.Arrays.copyOfRange(segment, start, i));
                    }
                    start = i + 1;
                }
            }
        }
        return runs;
    }

    /** Case folding as {@code String.equalsIgnoreCase} does it, per code point (so lengths never change). */
    static int fold(int codePoint) {
        if (codePoint < 0x80) { // most names are ASCII, and a search folds every character of every candidate
            return codePoint >= 'A' && codePoint <= 'Z' ? codePoint + ('a' - 'A') : codePoint;
        }
        return Character.toLowerCase(Character.toUpperCase(codePoint));
    }

    /** Earliest position in [from, limit - segment length] where {@code segment} matches, or -1. */
    private static int find(int[] name, int from, int limit, int[] segment) {
        for (int pos = from; pos + segment.length <= limit; pos++) {
            if (at(name, pos, segment)) {
                return pos;
            }
        }
        return -1;
    }

    private static boolean at(int[] name, int pos, int[] segment) {
        for (int i = 0; i < segment.length; i++) {
            if (segment[i] != ANY_ONE && segment[i] != name[pos + i]) {
                return false;
            }
        }
        return true;
    }
}
