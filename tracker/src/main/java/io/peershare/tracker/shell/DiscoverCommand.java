package io.peershare.tracker.shell;

import io.peershare.protocol.api.DiscoverResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code tracker discover <hostname>}: the peer's files, asked live, else as last announced. */
@Command(name = "discover", description = "List a peer's files: asked live over the wire protocol, "
        + "or the registry's view when the peer does not answer.")
public class DiscoverCommand extends TrackerSubcommand {

    @Parameters(paramLabel = "HOSTNAME", description = "a registered peer, see `peers`")
    String hostname;

    @Override
    public Integer call() {
        DiscoverResult result = client().discover(hostname);
        PrintWriter out = out();
        String origin = DiscoverResult.LIVE.equals(result.origin())
                ? "live from " + result.hostname()
                : "from the registry (" + result.hostname() + " did not answer: " + result.error() + ")";
        out.println(result.files().size() + (result.files().size() == 1 ? " file, " : " files, ") + origin);
        if (!result.files().isEmpty()) {
            out.print(table(result));
        }
        out.flush();
        return 0;
    }

    /**
     * Only the registry knows which entries are partial (the peer is fetching them); a live LIST does not
     * say, so its table has no PARTIAL column rather than one that could be wrong.
     */
    private static String table(DiscoverResult result) {
        boolean registry = DiscoverResult.REGISTRY.equals(result.origin());
        List<String> header = registry ? List.of("NAME", "SIZE", "SHA256", "PARTIAL") : List.of("NAME", "SIZE", "SHA256");
        List<List<String>> rows = result.files().stream().map(f -> {
            List<String> row = new ArrayList<>(List.of(f.name(), Format.size(f.size()), Format.shortSha(f.sha256())));
            if (registry) {
                row.add(f.partial() ? "yes" : "no");
            }
            return row;
        }).toList();
        return Format.table(header, rows);
    }
}
