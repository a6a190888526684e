package io.peershare.tracker.shell;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** What every command that asks the tracker shares: the client of the parent's --url, and the output writer. */
abstract class TrackerSubcommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    TrackerCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    TrackerClient client() {
        return parent.client();
    }

    /** The command line's writer, never System.out, so tests and the interactive shell capture it. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
