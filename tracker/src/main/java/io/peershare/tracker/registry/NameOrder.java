package io.peershare.tracker.registry;

import java.util.Comparator;

/**
 * The order in which file names are listed: case-insensitively (each code point folded as {@link Glob#fold}
 * does, so a search and the listing agree on what "the same letters" means), then by the exact name, so two
 * names differing only in case have a fixed order and the order is total (a cursor can point between them).
 */
public final class NameOrder implements Comparator<String> {

    public static final NameOrder INSTANCE = new NameOrder();

    private NameOrder() {
    }

    /**
     * The first 8 folded code points of {@code name} as bytes, for comparing as unsigned longs: a code point above
     * 254 becomes 255 and ends the key (the rest 255 too), a shorter name is padded with 0. So
     * {@code compare(a, b) < 0} implies {@code prefixKey(a) <= prefixKey(b)}: different keys order two names
     * without reading them, equal keys say nothing.
     */
    public static long prefixKey(String name) {
        long key = 0;
        int bytes = 0;
        for (int i = 0; i < name.length() && bytes < 8; bytes++) {
            int codePoint = name.codePointAt(i);
            int folded = Glob.fold(codePoint);
            i += Character.charCount(codePoint);
            if (folded > 254) {
                return (key << 8 | 0xff) << 8 * (7 - bytes) | (1L << 8 * (7 - bytes)) - 1;
            }
            key = key << 8 | folded;
        }
        return key << 8 * (8 - bytes);
    }

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                int fa = Glob.fold(ca);
                int fb = Glob.fold(cb);
                if (fa != fb) {
                    return Integer.compare(fa, fb);
                }
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        if (i < a.length() || j < b.length()) {
            return i < a.length() ? 1 : -1; // a folded prefix comes first
        }
        return a.compareTo(b);
    }
}
