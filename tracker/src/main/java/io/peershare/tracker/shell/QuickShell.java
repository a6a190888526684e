package io.peershare.tracker.shell;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The {@code tracker} shell without the Quarkus runtime. Every command but {@code daemon} is a client of a
 * running tracker's REST API and needs none of its services, so {@code bin/tracker} runs this main class for
 * them and spares each command the framework's boot (most of the 2.6 seconds a command took). The commands
 * are the same classes the Quarkus application runs, with the same error handling ({@link CommandLines});
 * here a small factory gives the top command what CDI gives it there: the default URL and a JSON mapper.
 *
 * <p>The default URL is {@code -Dtracker.url}, else {@code TRACKER_URL}, else {@code http://127.0.0.1:8080},
 * as the application's configuration has it; {@code --url} overrides it.
 */
public final class QuickShell {

    static final String DEFAULT_URL = "http://127.0.0.1:8080";
    /** Hidden first argument: load the classes a typical command uses, then exit (see bin/tracker). */
    static final String CDS_TRAINING = "--cds-training";

    private QuickShell() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals(CDS_TRAINING)) {
            train();
            System.exit(0);
        }
        System.exit(commandLine(configuredUrl(System.getProperty("tracker.url"), System.getenv("TRACKER_URL")))
                .execute(args));
    }

    /** A configured command line of the whole shell, its commands made without CDI. */
    static CommandLine commandLine(String configuredUrl) {
        return commandLine(configuredUrl, json());
    }

    private static CommandLine commandLine(String configuredUrl, ObjectMapper mapper) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == TrackerCommand.class) {
                    return type.cast(new TrackerCommand(configuredUrl, mapper, () -> commandLine(configuredUrl, mapper)));
                }
                if (type == DaemonCommand.class) {
                    // As in the Quarkus application's cli profile: no HTTP server, so the command says how to start one.
                    return type.cast(new DaemonCommand(false));
                }
                return defaults.create(type);
            }
        };
        return CommandLines.configure(new CommandLine(TrackerCommand.class, factory));
    }

    /** The first of {@code property} and {@code environment} that is set (not blank), else the default. */
    static String configuredUrl(String property, String environment) {
        return property != null && !property.isBlank() ? property
                : environment != null && !environment.isBlank() ? environment : DEFAULT_URL;
    }

    /**
     * What the shell needs of the application's ObjectMapper: {@code Instant}s, and fields a newer tracker may
     * add ignored (Quarkus' default).
     */
    static ObjectMapper json() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    /**
     * Runs what commands run, so the class-data sharing archive the JVM writes at the end of this run holds
     * their classes: usage help, a parameter error, a list and a ping against a closed port (nothing listens
     * on port 1), and the JSON of every answer.
     */
    private static void train() {
        StringWriter sink = new StringWriter();
        for (String[] args : new String[][] {{"help"}, {"help", "peers"}, {"ping"}, {"--url", "http://127.0.0.1:1", "peers"},
                {"--url", "http://127.0.0.1:1", "files", "*.txt"}, {"--url", "http://127.0.0.1:1", "ping", "a"}}) {
            CommandLine line = commandLine(DEFAULT_URL);
            line.setOut(new PrintWriter(sink));
            line.setErr(new PrintWriter(sink));
            line.execute(args);
        }
        TrackerClient.exercise(json());
    }
}
