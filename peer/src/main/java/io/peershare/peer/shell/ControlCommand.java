package io.peershare.peer.shell;

import io.peershare.peer.control.ControlClient;
import io.peershare.peer.control.ControlException;
import jakarta.inject.Inject;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** A shell command that talks to the daemon: output through the command line's writers, errors as one line. */
abstract class ControlCommand implements Callable<Integer> {

    @Inject
    ControlClient control;

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Prints the failure as one line on stderr and returns the exit code that matches it. */
    int fail(ControlException e) {
        PrintWriter err = spec.commandLine().getErr();
        if (e.status() == ControlException.UNREACHABLE) {
            err.println("cannot reach the peer daemon on " + control.authority() + ": " + e.getMessage()
                    + "; start it with `peer daemon`");
            err.flush();
            return ExitCodes.UNREACHABLE;
        }
        err.println(e.getMessage());
        err.flush();
        return switch (e.status()) {
            case 400 -> ExitCodes.USAGE;
            case 404 -> ExitCodes.NOT_FOUND;
            default -> ExitCodes.FAILED;
        };
    }

    int error(int code, String line) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(line);
        err.flush();
        return code;
    }
}
