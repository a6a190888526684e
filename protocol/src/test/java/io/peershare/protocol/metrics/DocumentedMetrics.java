package io.peershare.protocol.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics docs/metrics.md documents, and checks of a Prometheus text scrape against them: shared by the
 * tracker's and the peer's metrics tests through this module's test-jar (the one test code both depend on).
 */
public final class DocumentedMetrics {

    /** One row of a metrics table: its name (with {@code _total} on counters) and its type. */
    public record Row(String name, String type) {
    }

    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z_]+)` \\| (counter|gauge|histogram) \\|");

    private DocumentedMetrics() {
    }

    /** The rows of docs/metrics.md whose name starts with {@code prefix} (run from a module folder). */
    public static List<Row> rows(String prefix) throws IOException {
        Matcher row = ROW.matcher(Files.readString(Path.of("..", "docs", "metrics.md")));
        List<Row> rows = new ArrayList<>();
        while (row.find()) {
            if (row.group(1).startsWith(prefix)) {
                rows.add(new Row(row.group(1), row.group(2)));
            }
        }
        return rows;
    }

    /** Null when {@code scrape} has a sample of {@code row} and declares its type; else what is wrong. */
    public static String problem(String scrape, Row row) {
        String family = row.type().equals("counter") ? row.name().replaceFirst("_total$", "") : row.name();
        String declared = "# TYPE " + family + " " + row.type();
        if (!Pattern.compile("(?m)^" + Pattern.quote(declared) + "$").matcher(scrape).find()) {
            return row.name() + ": no '" + declared + "' line";
        }
        String suffix = row.type().equals("histogram") ? "_count" : "";
        if (!Pattern.compile("(?m)^" + Pattern.quote(row.name() + suffix) + "(\\{.*})? \\S+$").matcher(scrape).find()) {
            return row.name() + ": no sample " + row.name() + suffix;
        }
        return null;
    }

    /** The value of the sample {@code name{...}} whose labels contain each of {@code labels}; fails when absent. */
    public static double value(String scrape, String name, String... labels) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{.*})? (\\S+)$").matcher(scrape);
        while (line.find()) {
            String found = line.group(1) == null ? "" : line.group(1);
            if (List.of(labels).stream().allMatch(found::contains)) {
                return Double.parseDouble(line.group(2));
            }
        }
        throw new AssertionError("no sample " + name + " with " + List.of(labels) + " in the scrape: "
                + scrape.lines().filter(l -> l.startsWith(name)).toList());
    }
}
