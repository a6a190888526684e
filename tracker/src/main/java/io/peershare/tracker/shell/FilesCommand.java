package io.peershare.tracker.shell;

import io.peershare.protocol.api.FileSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;

/** {@code tracker files [pattern]}: shared files, one row per distinct content. */
@Command(name = "files", description = "List shared files matching a pattern (* and ?, case-insensitive), "
        + "one row per distinct content, with the number of live peers holding it whole (SOURCES) and fetching it (PARTIAL).")
public class FilesCommand extends TrackerSubcommand {

    @Parameters(arity = "0..1", paramLabel = "PATTERN", description = "e.g. '*.png'; all files when absent")
    String pattern;

    @Override
    public Integer call() {
        List<FileSummary> files = client().files(pattern);
        PrintWriter out = out();
        if (files.isEmpty()) {
            out.println(pattern == null ? "no files shared" : "no files match '" + pattern + "'");
            return 0;
        }
        List<List<String>> rows = files.stream()
                .map(f -> List.of(f.name(), Format.size(f.size()), Format.shortSha(f.sha256()),
                        String.valueOf(f.liveSources()), String.valueOf(f.partialSources())))
                .toList();
        out.print(Format.table(List.of("NAME", "SIZE", "SHA256", "SOURCES", "PARTIAL"), rows));
        out.flush();
        return 0;
    }
}
