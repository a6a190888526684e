package io.peershare.peer.shell;

import io.peershare.peer.control.ControlClient;
import io.peershare.peer.control.PeerStatus;
import io.peershare.peer.tracker.TrackerClient;
import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.FileSummary;
import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

/**
 * Tab completion: command names first; then for {@code publish} local paths, for {@code fetch} the names the
 * tracker knows plus this repository's. Network look-ups are short and a failure just offers nothing.
 */
final class ShellCompleter implements Completer {

    /** Names asked from the tracker for one completion. */
    private static final int COMPLETION_NAMES = 1000;
    private static final List<String> COMMANDS = List.of("publish", "fetch", "list", "status", "help", "exit");

    private final ControlClient control;
    private final Completer files = new Completers.FileNameCompleter();

    ShellCompleter(ControlClient control) {
        this.control = control;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() == 0) {
            COMMANDS.forEach(c -> candidates.add(new Candidate(c)));
            return;
        }
        String command = line.words().get(0);
        switch (command) {
            case "publish" -> {
                if (line.wordIndex() == 1) {
                    files.complete(reader, line, candidates);
                }
            }
            case "fetch" -> {
                if (line.wordIndex() == 1) {
                    sharedNames(line.word().substring(0, line.wordCursor())).forEach(n -> candidates.add(new Candidate(n)));
                }
            }
            case "help" -> COMMANDS.forEach(c -> candidates.add(new Candidate(c)));
            default -> { }
        }
    }

    /** Local names and the tracker's names starting with {@code typed} (its first ones: the tracker may list millions). */
    private TreeSet<String> sharedNames(String typed) {
        TreeSet<String> names = new TreeSet<>();
        try {
            names.addAll(control.files().stream().map(FileEntry::name).toList());
            PeerStatus status = control.status();
            TrackerClient tracker = new TrackerClient(URI.create(status.trackerUrl()), Duration.ofSeconds(1), Duration.ofSeconds(2));
            // the first names only: completion must answer at once, however many files the tracker lists
            String glob = typed.isEmpty() ? null : typed.replace("*", "?") + "*";
            names.addAll(tracker.files(glob, COMPLETION_NAMES).stream().map(FileSummary::name).toList());
        } catch (Exception e) {
            // completion is a convenience: offer what we have
        }
        return names;
    }
}
