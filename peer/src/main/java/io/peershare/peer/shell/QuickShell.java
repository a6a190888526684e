package io.peershare.peer.shell;

import io.peershare.peer.control.ControlClient;
import io.peershare.peer.control.ControlSecretFile;
import picocli.CommandLine;

/**
 * The {@code peer} shell without the Quarkus runtime. Every command but {@code daemon} is a client of the
 * daemon's control API and needs none of the daemon's services, so {@code bin/peer} runs this main class for
 * them and spares each command the framework's boot (about two of the 2.6 seconds a command took), which
 * matters when scripts and testbeds run many at once. The commands are the same classes the Quarkus
 * application runs; here a small factory gives them their {@link ControlClient} instead of CDI.
 *
 * <p>The control port comes from {@code -Dpeer.control-port}, else {@code PEER_CONTROL_PORT}, else 7071, as in
 * the daemon's configuration; the secret file the same way ({@code -Dpeer.control-secret-file}, else
 * {@code PEER_CONTROL_SECRET_FILE}, else {@code ~/.peershare/control-<port>.secret}).
 */
public final class QuickShell {

    static final int DEFAULT_CONTROL_PORT = 7071;

    private QuickShell() {
    }

    /** Hidden first argument: load the classes a typical command uses, then exit (see bin/peer). */
    static final String CDS_TRAINING = "--cds-training";

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals(CDS_TRAINING)) {
            train();
            System.exit(ExitCodes.OK);
        }
        int port;
        try {
            port = controlPort(System.getProperty("peer.control-port"), System.getenv("PEER_CONTROL_PORT"));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(ExitCodes.USAGE);
            return;
        }
        ControlSecretFile secret = ControlSecretFile.of(firstSet(System.getProperty("peer.control-secret-file"),
                System.getenv("PEER_CONTROL_SECRET_FILE")), port);
        System.exit(run(ControlClient.forPort(port, secret), args));
    }

    static int run(ControlClient control, String... args) {
        return new CommandLine(PeerCommand.class, new Factory(control)).execute(args);
    }

    /** The first of {@code property} and {@code environment} that is set (not blank), or null. */
    static String firstSet(String property, String environment) {
        return property != null && !property.isBlank() ? property
                : environment != null && !environment.isBlank() ? environment : null;
    }

    /** The first of {@code property} and {@code environment} that is set, as a port; 7071 when neither is. */
    static int controlPort(String property, String environment) {
        String value = firstSet(property, environment);
        if (value == null) {
            return DEFAULT_CONTROL_PORT;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("PEER_CONTROL_PORT must be a port number (1-65535), not '" + value
                + "'; set it to the port of your peer daemon's control API");
    }

    /**
     * Runs what commands run, so the class-data sharing archive the JVM writes at the end of this run holds
     * their classes: usage help, a status request (to a closed port: nothing listens on port 1), the JSON of
     * a fetch status and of a problem.
     */
    private static void train() {
        java.io.StringWriter sink = new java.io.StringWriter();
        CommandLine line = new CommandLine(PeerCommand.class, new Factory(ControlClient.forPort(1)));
        line.setOut(new java.io.PrintWriter(sink));
        line.setErr(new java.io.PrintWriter(sink));
        line.execute("help");
        line.execute("status");
        line.execute("fetch", "--help");
        ControlClient.exercise();
    }

    /** Makes the commands and gives them what CDI gives them in the Quarkus application. */
    static final class Factory implements CommandLine.IFactory {
        private final ControlClient control;
        private final CommandLine.IFactory defaults = CommandLine.defaultFactory();

        Factory(ControlClient control) {
            this.control = control;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == DaemonCommand.class) {
                return type.cast(new NoDaemon());
            }
            K made = defaults.create(type);
            if (made instanceof ControlCommand command) {
                command.control = control;
            }
            if (made instanceof PeerCommand top) {
                top.control = control;
                top.factory = this;
            }
            return made;
        }
    }

    /** {@code daemon} needs the Quarkus application: bin/peer starts it; this shell only says so. */
    static final class NoDaemon extends DaemonCommand {
        @Override
        public Integer call() {
            System.err.println("the daemon runs with the Quarkus application: start it with `peer daemon` (bin/peer)");
            return ExitCodes.USAGE;
        }
    }
}
