package io.peershare.peer.shell;

import io.peershare.peer.control.ControlClient;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import jakarta.inject.Inject;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code peer}: with a subcommand runs it and exits with its code; without one opens the interactive shell. */
@TopCommand
@Command(name = "peer", mixinStandardHelpOptions = true, version = "peershare peer 0.1",
        description = "A peershare peer: share files from a repository folder and fetch files from other peers.",
        subcommands = {DaemonCommand.class, PublishCommand.class, FetchCommand.class, ListCommand.class,
                StatusCommand.class, CommandLine.HelpCommand.class})
public class PeerCommand implements Callable<Integer> {

    @Inject
    CommandLine.IFactory factory;

    @Inject
    ControlClient control;

    @Override
    public Integer call() throws Exception {
        return new InteractiveShell(factory, control).run();
    }
}
