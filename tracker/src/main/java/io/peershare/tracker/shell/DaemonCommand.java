package io.peershare.tracker.shell;

import io.quarkus.runtime.Quarkus;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code tracker daemon}: Quarkus has already started the REST API; keep it running until SIGTERM. */
@Command(name = "daemon", description = "Run the tracker (REST API, registry, probe) until stopped.")
public class DaemonCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final boolean serving;

    public DaemonCommand(@ConfigProperty(name = "quarkus.http.host-enabled", defaultValue = "true") boolean serving) {
        this.serving = serving;
    }

    @Override
    public Integer call() {
        if (!serving) {
            // The cli profile turns the HTTP server off; a daemon without it would serve nothing.
            spec.commandLine().getErr().println("the daemon cannot run in the cli profile; start it with `tracker daemon` "
                    + "(the wrapper selects the default profile) or without -Dquarkus.profile=cli");
            return ShellException.USAGE;
        }
        Quarkus.waitForExit();
        return 0;
    }
}
