package io.peershare.peer.shell;

import io.peershare.peer.Bytes;
import io.peershare.peer.control.ControlClient;
import io.peershare.peer.control.ControlException;
import io.peershare.peer.control.PublishRequest;
import io.peershare.protocol.SharedName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** {@code publish <lname> <fname>}: copy a local file into the repository and announce it. */
@Command(name = "publish", description = "Share a local file under a name: it is copied into the repository and announced.")
public class PublishCommand extends ControlCommand {

    @Parameters(index = "0", paramLabel = "<lname>", description = "the local file (relative to the current folder)")
    String localName;

    @Parameters(index = "1", paramLabel = "<fname>", description = "the shared name, e.g. cat.png")
    String sharedName;

    @Option(names = "--replace", description = "overwrite other content already shared under that name")
    boolean replace;

    @Override
    public Integer call() {
        String problem = SharedName.problem(sharedName);
        if (problem != null) {
            return error(ExitCodes.USAGE, problem);
        }
        Path local;
        try {
            local = Path.of(System.getProperty("user.dir")).resolve(localName).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return error(ExitCodes.USAGE, "invalid local path " + localName + ": " + e.getMessage());
        }
        try {
            ControlClient.Published result = control.publish(new PublishRequest(local.toString(), sharedName, replace));
            var entry = result.entry();
            if (result.created()) {
                out().printf("published %s (%s, sha256 %s)%n", entry.name(), Bytes.format(entry.size()), entry.sha256());
            } else {
                out().printf("%s is already published with the same content (sha256 %s); nothing to do%n",
                        entry.name(), entry.sha256());
            }
            out().flush();
            return ExitCodes.OK;
        } catch (ControlException e) {
            return fail(e);
        }
    }
}
