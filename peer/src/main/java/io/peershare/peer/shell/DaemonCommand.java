package io.peershare.peer.shell;

import io.quarkus.runtime.Quarkus;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code peer daemon}: the services started at boot (repository, file server, tracker session) run until SIGTERM. */
@Command(name = "daemon", description = "Run the peer daemon (file server, tracker session, control API) until stopped.")
public class DaemonCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        Quarkus.waitForExit();
        return ExitCodes.OK;
    }
}
