package io.peershare.tracker.shell;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;

/** {@code tracker files [pattern]}: shared files, one row per distinct content. */
@Command(name = "files", description = "List shared files matching a pattern (* and ?, case-insensitive), "
        + "one row per distinct content, with the number of live peers holding it whole (SOURCES) and fetching it (PARTIAL); "
        + "rows print a page at a time as the tracker sends them.")
public class FilesCommand extends TrackerSubcommand {

    @Parameters(arity = "0..1", paramLabel = "PATTERN", description = "e.g. '*.png'; all files when absent")
    String pattern;

    /** Prints each page as it arrives: a list of millions never waits for, nor holds, more than one page. */
    @Override
    public Integer call() {
        PrintWriter out = out();
        Format.Streamed table = new Format.Streamed(List.of("NAME", "SIZE", "SHA256", "SOURCES", "PARTIAL"), out);
        client().files(pattern, page -> table.print(page.stream()
                .map(f -> List.of(f.name(), Format.size(f.size()), Format.shortSha(f.sha256()),
                        String.valueOf(f.liveSources()), String.valueOf(f.partialSources())))
                .toList()));
        if (!table.any()) {
            out.println(pattern == null ? "no files shared" : "no files match '" + pattern + "'");
        }
        out.flush();
        return 0;
    }
}
