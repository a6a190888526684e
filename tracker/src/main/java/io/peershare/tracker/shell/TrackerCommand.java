package io.peershare.tracker.shell;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.peershare.tracker.TrackerConfig;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import jakarta.inject.Inject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code tracker}: with a subcommand runs it and exits with its code; with none opens the interactive shell.
 */
@TopCommand
@Command(name = "tracker", mixinStandardHelpOptions = true, version = "peershare tracker 0.1",
        description = "The peershare tracker: `tracker daemon` runs it; the other commands ask a running tracker.",
        subcommands = {DaemonCommand.class, PeersCommand.class, FilesCommand.class, DiscoverCommand.class,
                PingCommand.class, CommandLine.HelpCommand.class})
public class TrackerCommand implements Callable<Integer> {

    @Option(names = "--url", paramLabel = "URL",
            description = "The tracker's base URL (default: tracker.url / TRACKER_URL, else http://127.0.0.1:8080).")
    String url;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** tracker.url: the default of --url. */
    private final String configuredUrl;
    private final ObjectMapper mapper;
    /** A fresh, configured command line of this shell, for each line typed in the interactive shell. */
    private final Supplier<CommandLine> lines;
    /** Set for lines typed in the interactive shell, so a bare `--url x` line does not open a shell in the shell. */
    boolean nested;
    /** The shell's URL for lines typed in it (not an option: picocli resets options before each parse). */
    String shellUrl;

    @Inject
    public TrackerCommand(TrackerConfig config, ObjectMapper mapper, PicocliCommandLineFactory factory) {
        this(config.url(), mapper, () -> CommandLines.create(factory));
    }

    /** Without CDI ({@link QuickShell}): the same command, given what the Quarkus application injects. */
    TrackerCommand(String configuredUrl, ObjectMapper mapper, Supplier<CommandLine> lines) {
        this.configuredUrl = configuredUrl;
        this.mapper = mapper;
        this.lines = lines;
    }

    @Override
    public Integer call() {
        if (nested) {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 0;
        }
        return new InteractiveShell(lines, url(), this::client).run();
    }

    String url() {
        if (url != null) {
            return url;
        }
        return shellUrl != null ? shellUrl : configuredUrl;
    }

    TrackerClient client() {
        return new TrackerClient(url(), mapper);
    }

    TrackerClient client(String baseUrl) {
        return new TrackerClient(baseUrl, mapper);
    }
}
