package io.peershare.tracker.shell;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Plain-text rendering for the shell: aligned tables, sizes, "ago". */
final class Format {

    private Format() {
    }

    /** Left-aligned columns separated by two spaces; the header row first. */
    static String table(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : pad(row.get(i), widths[i] + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /**
     * A table printed a page of rows at a time, so a long list shows as it arrives: the columns are as wide as
     * the header and the first page need; a longer cell later pushes its row's next column right.
     */
    static final class Streamed {
        private final List<String> header;
        private final PrintWriter out;
        private int[] widths;

        Streamed(List<String> header, PrintWriter out) {
            this.header = header;
            this.out = out;
        }

        /** True once a row was printed. */
        boolean any() {
            return widths != null;
        }

        void print(List<List<String>> rows) {
            if (rows.isEmpty()) {
                return;
            }
            if (widths == null) {
                widths = new int[header.size()];
                for (List<String> row : concat(header, rows)) {
                    for (int i = 0; i < row.size(); i++) {
                        widths[i] = Math.max(widths[i], row.get(i).length());
                    }
                }
                line(header);
            }
            rows.forEach(this::line);
            out.flush();
        }

        private void line(List<String> row) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : pad(row.get(i), Math.max(widths[i], row.get(i).length()) + 2));
            }
            out.println(line.toString().stripTrailing());
        }

        private static List<List<String>> concat(List<String> header, List<List<String>> rows) {
            List<List<String>> all = new ArrayList<>(rows.size() + 1);
            all.add(header);
            all.addAll(rows);
            return all;
        }
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String ago(Instant then, Instant now) {
        long seconds = Math.max(0, Duration.between(then, now).toSeconds());
        if (seconds < 60) {
            return seconds + "s ago";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s ago";
        }
        if (seconds < 86400) {
            return seconds / 3600 + "h " + seconds / 60 % 60 + "m ago";
        }
        return seconds / 86400 + "d " + seconds / 3600 % 24 + "h ago";
    }

    static String shortSha(String sha256) {
        return sha256 == null ? "" : sha256.substring(0, Math.min(12, sha256.length()));
    }

    static String rtt(double millis) {
        return String.format(Locale.ROOT, millis < 10 ? "%.2f ms" : "%.0f ms", millis);
    }
}
