package io.peershare.tracker.shell;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/** {@code tracker peers}: every registered peer, live or expired. */
@Command(name = "peers", description = "List registered peers: address, live or expired, last heartbeat, file count; "
        + "rows print a page at a time as the tracker sends them.")
public class PeersCommand extends TrackerSubcommand {

    /** Prints each page as it arrives (see {@link FilesCommand}). */
    @Override
    public Integer call() {
        PrintWriter out = out();
        Format.Streamed table = new Format.Streamed(List.of("HOSTNAME", "ADDRESS", "STATE", "LAST SEEN", "FILES"), out);
        client().peers(page -> {
            Instant now = Instant.now();
            table.print(page.stream()
                    .map(p -> List.of(p.hostname(), p.address() + ":" + p.port(), p.live() ? "live" : "expired",
                            Format.ago(p.lastSeen(), now), String.valueOf(p.fileCount())))
                    .toList());
        });
        if (!table.any()) {
            out.println("no peers registered");
        }
        out.flush();
        return 0;
    }
}
