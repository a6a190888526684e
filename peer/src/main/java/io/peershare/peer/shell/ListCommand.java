package io.peershare.peer.shell;

import io.peershare.peer.Bytes;
import io.peershare.peer.control.ControlException;
import io.peershare.protocol.api.FileEntry;
import picocli.CommandLine.Command;

import java.util.List;

/** {@code list}: the files this peer shares. */
@Command(name = "list", description = "List the files this peer shares.")
public class ListCommand extends ControlCommand {

    @Override
    public Integer call() {
        try {
            List<FileEntry> files = control.files();
            if (files.isEmpty()) {
                out().println("no files shared yet; add one with `publish <local file> <name>`");
            }
            for (FileEntry file : files) {
                out().printf("%-40s %10s  %s%n", file.name(), Bytes.format(file.size()), file.sha256());
            }
            out().flush();
            return ExitCodes.OK;
        } catch (ControlException e) {
            return fail(e);
        }
    }
}
