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
