package io.peershare.tracker.shell;

import io.peershare.protocol.api.PingResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/** {@code tracker ping <hostname>}: the tracker PINGs the peer; exit 0 alive, 1 unreachable, 4 unknown. */
@Command(name = "ping", description = "Have the tracker PING a peer over the wire protocol and report the round trip.")
public class PingCommand extends TrackerSubcommand {

    @Parameters(paramLabel = "HOSTNAME", description = "a registered peer, see `peers`")
    String hostname;

    @Override
    public Integer call() {
        PingResult result = client().ping(hostname);
        PrintWriter out = out();
        String who = result.hostname() + " (" + result.address() + ":" + result.port() + ")";
        if (result.alive()) {
            out.println(who + " is alive, rtt " + Format.rtt(result.rttMillis()));
            out.flush();
            return 0;
        }
        out.println(who + " is unreachable: " + result.error());
        out.flush();
        return ShellException.FAILED;
    }
}
