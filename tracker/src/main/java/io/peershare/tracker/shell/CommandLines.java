package io.peershare.tracker.shell;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/**
 * Every {@link CommandLine} the tracker runs (the launched one, each interactive line, tests) gets the same
 * error handling: one line on stderr and the contract's exit code, never a stack trace.
 */
@ApplicationScoped
public class CommandLines {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return configure(factory.create());
    }

    /**
     * A fresh, configured command line. Through Quarkus's factory because the top command carries the
     * {@code @TopCommand} qualifier, so a plain {@code IFactory.create(TrackerCommand.class)} cannot find the bean.
     */
    public static CommandLine create(PicocliCommandLineFactory factory) {
        return configure(factory.create());
    }

    static CommandLine configure(CommandLine commandLine) {
        commandLine.setOverwrittenOptionsAllowed(true);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ShellException failure) {
                cmd.getErr().println(failure.getMessage());
                return failure.exitCode();
            }
            cmd.getErr().println("error: " + e + "; this is a bug, please report it");
            return ShellException.FAILED;
        });
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            String name = cmd.getCommandSpec().qualifiedName(" ");
            String suggestion = "";
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
                suggestion = " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)";
            }
            cmd.getErr().println(e.getMessage() + suggestion + "; see `" + helpFor(name) + "`");
            return ShellException.USAGE;
        });
        return commandLine;
    }

    private static String helpFor(String qualifiedName) {
        int space = qualifiedName.indexOf(' ');
        return space < 0 ? "help" : "help " + qualifiedName.substring(space + 1);
    }
}
