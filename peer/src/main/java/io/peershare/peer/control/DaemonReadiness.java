package io.peershare.peer.control;

import io.peershare.peer.PeerDaemon;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready}: ready once the daemon's services run (the file server listens). Registration with
 * the tracker is reported but does not gate readiness: a peer serves its files even while the tracker is down.
 * The control API's secret file must be written, too: until then the shell cannot authenticate.
 */
@Readiness
@ApplicationScoped
public class DaemonReadiness implements HealthCheck {

    private final PeerDaemon daemon;
    private final ControlSecret secret;

    DaemonReadiness(PeerDaemon daemon, ControlSecret secret) {
        this.daemon = daemon;
        this.secret = secret;
    }

    @Override
    public HealthCheckResponse call() {
        if (!daemon.running()) {
            return HealthCheckResponse.down("peer-daemon");
        }
        if (!secret.written()) {
            return HealthCheckResponse.named("peer-daemon").down().withData("control-secret", "not written yet").build();
        }
        return HealthCheckResponse.named("peer-daemon").up()
                .withData("port", daemon.server().port())
                .withData("registered", daemon.session().registered())
                .withData("files", daemon.repository().size())
                .build();
    }
}
