package io.peershare.tracker.shell;

import io.peershare.protocol.api.PeerView;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tracker peers}: every registered peer, live or expired. */
@Command(name = "peers", description = "List registered peers: address, live or expired, last heartbeat, file count.")
public class PeersCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    TrackerCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<PeerView> peers = parent.client().peers();
        PrintWriter out = spec.commandLine().getOut();
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
