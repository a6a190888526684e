package io.peershare.tracker.shell;

import io.peershare.protocol.api.DiscoverResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
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
            out.print(Format.table(List.of("NAME", "SIZE", "SHA256"), result.files().stream()
                    .map(f -> List.of(f.name(), Format.size(f.size()), Format.shortSha(f.sha256())))
                    .toList()));
        }
        out.flush();
        return 0;
    }
}
