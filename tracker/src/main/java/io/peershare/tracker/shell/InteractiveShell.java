package io.peershare.tracker.shell;

import io.peershare.protocol.api.PeerView;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The interactive tracker shell: JLine for editing, history and completion; each line is parsed and run by
 * a fresh picocli {@link CommandLine}, so one line's options never leak into the next.
 */
final class InteractiveShell {

    private static final Set<String> HOSTNAME_COMMANDS = Set.of("discover", "ping");
    private static final String HISTORY = ".peershare_tracker_history";

    private final Supplier<CommandLine> lines;
    private final String url;
    private final Supplier<TrackerClient> client;

    InteractiveShell(Supplier<CommandLine> lines, String url, Supplier<TrackerClient> client) {
        this.lines = lines;
        this.url = url;
        this.client = client;
    }

    int run() {
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
            LineReader reader = reader(terminal);
            PrintWriter out = terminal.writer();
            out.println("peershare tracker shell, talking to " + url + "; `help` lists commands, `exit` or Ctrl-D leaves");
            loop(reader, out);
            return 0;
        } catch (IOException e) {
            System.err.println("cannot open the terminal: " + e.getMessage());
            return ShellException.FAILED;
        }
    }

    private void loop(LineReader reader, PrintWriter out) {
        while (true) {
            List<String> words;
            try {
                reader.readLine("tracker> ");
                words = reader.getParsedLine().words().stream().filter(w -> !w.isEmpty()).toList();
            } catch (UserInterruptException e) {
                continue; // Ctrl-C abandons the line, not the shell.
            } catch (EndOfFileException e) {
                return;
            }
            if (words.isEmpty()) {
                continue;
            }
            if (words.getFirst().equals("exit") || words.getFirst().equals("quit")) {
                return;
            }
            execute(words, out);
        }
    }

    private void execute(List<String> words, PrintWriter out) {
        CommandLine commandLine = lines.get();
        commandLine.setOut(out);
        commandLine.setErr(out);
        TrackerCommand top = commandLine.getCommand();
        top.nested = true;
        top.shellUrl = url;
        commandLine.execute(words.toArray(String[]::new));
        out.flush();
    }

    private LineReader reader(Terminal terminal) {
        LineReaderBuilder builder = LineReaderBuilder.builder().terminal(terminal).completer(completer());
        historyFile().ifPresent(file -> builder.variable(LineReader.HISTORY_FILE, file));
        return builder.build();
    }

    /** History only where it can be written (a read-only home in a container must not break the shell). */
    private static java.util.Optional<Path> historyFile() {
        String home = System.getProperty("user.home");
        if (home == null) {
            return java.util.Optional.empty();
        }
        Path file = Path.of(home, HISTORY);
        boolean writable = Files.exists(file) ? Files.isWritable(file) : Files.isWritable(file.getParent());
        return writable ? java.util.Optional.of(file) : java.util.Optional.empty();
    }

    /** Command names first; hostnames (asked from the tracker) after discover and ping. */
    private Completer completer() {
        List<String> commands = new ArrayList<>(lines.get().getSubcommands().keySet());
        commands.add("exit");
        return (LineReader reader, ParsedLine line, List<Candidate> candidates) -> {
            if (line.wordIndex() == 0) {
                commands.forEach(name -> candidates.add(new Candidate(name)));
            } else if (line.wordIndex() == 1 && HOSTNAME_COMMANDS.contains(line.words().getFirst())) {
                hostnames().forEach(name -> candidates.add(new Candidate(name)));
            }
        };
    }

    private List<String> hostnames() {
        try {
            // the first page only: completion must answer at once, whatever the number of peers
            return client.get().firstPeers().stream().map(PeerView::hostname).toList();
        } catch (ShellException e) {
            return List.of(); // no tracker, no hostname completion; the command itself will say why
        }
    }
}
