package io.peershare.peer;

import java.util.Locale;

/** Sizes and durations the way people read them: 12.3 KiB, 1.5 s. */
public final class Bytes {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Bytes() {
    }

    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    public static String seconds(double seconds) {
        return seconds < 10 ? String.format(Locale.ROOT, "%.1f s", seconds)
                : seconds < 120 ? String.format(Locale.ROOT, "%.0f s", seconds)
                : String.format(Locale.ROOT, "%d min %02d s", (long) seconds / 60, (long) seconds % 60);
    }

    public static String shortHash(String sha256) {
        return sha256 == null ? "?" : sha256.length() > 12 ? sha256.substring(0, 12) + "…" : sha256;
    }
}
