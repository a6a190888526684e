package io.peershare.peer.shell;

import io.peershare.peer.PeerConfig;
import io.peershare.peer.control.ControlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The control client the shell commands use: the daemon on this machine, at peer.control-port, with its secret file. */
@ApplicationScoped
public class ShellBeans {

    @Produces
    @ApplicationScoped
    ControlClient controlClient(PeerConfig config) {
        return ControlClient.forPort(config.controlPort(), config.effectiveControlSecretFile());
    }
}
