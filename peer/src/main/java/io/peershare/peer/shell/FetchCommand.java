package io.peershare.peer.shell;

import io.peershare.peer.Bytes;
import io.peershare.peer.control.ControlException;
import io.peershare.peer.control.FetchRequest;
import io.peershare.peer.control.FetchStatus;
import io.peershare.peer.fetch.FetchProgress;
import io.peershare.protocol.Sha256;
import io.peershare.protocol.SharedName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.Locale;

/** {@code fetch <fname>}: asks the daemon to fetch, then shows progress on one updating line until it ends. */
@Command(name = "fetch", description = "Fetch a file from the peers that offer it into this peer's repository.")
public class FetchCommand extends ControlCommand {

    /** Progress line refresh: each request is answered at the end of the fetch or after this, whichever is first. */
    static final Duration PROGRESS_EVERY = Duration.ofMillis(200);
    /** Without a progress line, the shell only waits for the end: one request every few seconds. */
    static final Duration END_WAIT = Duration.ofSeconds(5);

    @Parameters(index = "0", paramLabel = "<fname>", description = "the shared name to fetch")
    String name;

    @Option(names = "--sha256", paramLabel = "HEX", description = "which content, when peers offer different files under that name")
    String sha256;

    @Option(names = {"-q", "--quiet"}, description = "no progress line, only the result")
    boolean quiet;

    @Override
    public Integer call() {
        String problem = SharedName.problem(name);
        if (problem != null) {
            return error(ExitCodes.USAGE, problem);
        }
        if (sha256 != null && !Sha256.isValidHex(sha256)) {
            return error(ExitCodes.USAGE, "--sha256 must be 64 hex characters (0-9, a-f)");
        }
        long started = System.nanoTime();
        try {
            FetchStatus status = control.startFetch(new FetchRequest(name, sha256));
            boolean showProgress = !quiet && System.console() != null;
            ProgressLine line = new ProgressLine(out(), showProgress);
            Duration wait = showProgress ? PROGRESS_EVERY : END_WAIT;
            while (!status.finished()) {
                line.show(status, started);
                long asked = System.nanoTime();
                status = control.fetch(status.id(), wait);
                if (!status.finished() && System.nanoTime() - asked < wait.toNanos() / 2) {
                    // A daemon that does not know ?wait= answers at once: keep to the progress pace then.
                    Thread.sleep(PROGRESS_EVERY.toMillis());
                }
            }
            line.clear();
            return report(status, (System.nanoTime() - started) / 1e9);
        } catch (ControlException e) {
            return fail(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(ExitCodes.FAILED, "interrupted; the fetch goes on in the daemon");
        }
    }

    private int report(FetchStatus status, double seconds) {
        switch (status.state()) {
            case "DONE" -> {
                // The daemon's own line: who gave how much, who was banned, whether it resumed.
                out().println(status.message());
                out().flush();
                return ExitCodes.OK;
            }
            case "ALREADY_PRESENT" -> {
                out().printf("%s is already here (%s, sha256 %s); nothing to do%n", status.name(),
                        Bytes.format(status.totalBytes()), Bytes.shortHash(status.sha256()));
                out().flush();
                return ExitCodes.OK;
            }
            default -> {
                String message = status.message() == null ? "fetch of " + status.name() + " failed" : status.message();
                return error(message.startsWith(FetchProgress.UNKNOWN_FILE) ? ExitCodes.NOT_FOUND : ExitCodes.FAILED, message);
            }
        }
    }
}
