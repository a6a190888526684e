package io.peershare.peer.shell;

import io.peershare.peer.control.ControlClient;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code peer} without arguments: a JLine prompt with history and tab completion; each line runs through a
 * fresh {@link CommandLine}, so one command's options never leak into the next. Ctrl-D or {@code exit} leaves.
 */
final class InteractiveShell {

    private static final String PROMPT = "peer> ";

    private final CommandLine.IFactory factory;
    private final ControlClient control;

    InteractiveShell(CommandLine.IFactory factory, ControlClient control) {
        this.factory = factory;
        this.control = control;
    }

    private static boolean writableFolder(Path folder) {
        try {
            Files.createDirectories(folder);
            return Files.isWritable(folder);
        } catch (IOException e) {
            return false;
        }
    }

    int run() throws IOException {
        Path history = historyFile();
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReaderBuilder builder = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("peer")
                    .completer(new ShellCompleter(control));
            if (writableFolder(history.getParent())) {
                builder.variable(LineReader.HISTORY_FILE, history);
            } else {
                // A read-only home (some containers) costs the history, not the shell.
                terminal.writer().println("(no command history: cannot write " + history.getParent() + ")");
            }
            LineReader reader = builder.build();
            PrintWriter out = terminal.writer();
            out.println("peershare peer shell: type `help` for commands, Tab to complete, Ctrl-D or `exit` to leave");
            out.flush();
            while (true) {
                String line;
                try {
                    line = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C clears the line, as in other shells
                } catch (EndOfFileException e) {
                    reader.getHistory().save();
                    return ExitCodes.OK;
                }
                List<String> words = reader.getParser().parse(line, line.length()).words().stream()
                        .filter(w -> !w.isEmpty()).toList();
                if (words.isEmpty()) {
                    continue;
                }
                if (words.get(0).equals("exit") || words.get(0).equals("quit")) {
                    reader.getHistory().save();
                    return ExitCodes.OK;
                }
                runOne(words, out);
            }
        }
    }

    private void runOne(List<String> words, PrintWriter out) {
        if (words.get(0).equals("daemon")) {
            out.println("the daemon runs on its own: start it with `peer daemon` outside this shell");
            out.flush();
            return;
        }
        CommandLine commandLine = new CommandLine(PeerCommand.class, factory);
        commandLine.setOut(out);
        commandLine.setErr(out);
        commandLine.execute(words.toArray(String[]::new));
    }

    private static Path historyFile() {
        return Path.of(System.getProperty("user.home"), ".peershare", "peer_history");
    }
}
