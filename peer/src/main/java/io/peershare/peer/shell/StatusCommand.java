package io.peershare.peer.shell;

import io.peershare.peer.control.ControlException;
import io.peershare.peer.control.PeerStatus;
import picocli.CommandLine.Command;

/** {@code status}: who this peer is, where it serves, and whether the tracker knows it. */
@Command(name = "status", description = "Show this peer's name, address, tracker and repository.")
public class StatusCommand extends ControlCommand {

    @Override
    public Integer call() {
        try {
            PeerStatus status = control.status();
            out().printf("hostname:   %s%n", status.hostname());
            out().printf("serving on: %s:%d%n", status.advertisedAddress(), status.port());
            out().printf("tracker:    %s (%s)%n", status.trackerUrl(), status.registered() ? "registered" : "not registered yet");
            out().printf("repository: %s (%d %s)%n", status.repository(), status.fileCount(), status.fileCount() == 1 ? "file" : "files");
            out().flush();
            return ExitCodes.OK;
        } catch (ControlException e) {
            return fail(e);
        }
    }
}
