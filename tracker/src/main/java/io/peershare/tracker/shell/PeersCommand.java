package io.peershare.tracker.shell;

import io.peershare.protocol.api.PeerView;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/** {@code tracker peers}: every registered peer, live or expired. */
@Command(name = "peers", description = "List registered peers: address, live or expired, last heartbeat, file count.")
public class PeersCommand extends TrackerSubcommand {

    @Override
    public Integer call() {
        List<PeerView> peers = client().peers();
        PrintWriter out = out();
        if (peers.isEmpty()) {
            out.println("no peers registered");
            return 0;
        }
        Instant now = Instant.now();
        List<List<String>> rows = peers.stream()
                .map(p -> List.of(p.hostname(), p.address() + ":" + p.port(), p.live() ? "live" : "expired",
                        Format.ago(p.lastSeen(), now), String.valueOf(p.fileCount())))
                .toList();
        out.print(Format.table(List.of("HOSTNAME", "ADDRESS", "STATE", "LAST SEEN", "FILES"), rows));
        out.flush();
        return 0;
    }
}
