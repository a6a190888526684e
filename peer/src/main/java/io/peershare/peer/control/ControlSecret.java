package io.peershare.peer.control;

import io.peershare.peer.PeerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The control API's secret: 256 random bits made at every start, held in memory, and written to the
 * {@link ControlSecretFile} once the HTTP server listens (so a daemon that fails to bind its port, because another
 * one has it, never replaces that one's file). Removed at shutdown.
 */
@ApplicationScoped
public class ControlSecret {

    private static final Logger LOG = Logger.getLogger(ControlSecret.class);
    static final String SCHEME = "Bearer";

    private final String secret;
    private final byte[] secretBytes;
    private final ControlSecretFile file;
    private volatile boolean written;

    ControlSecret(PeerConfig config) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        this.secretBytes = secret.getBytes(StandardCharsets.US_ASCII);
        this.file = config.effectiveControlSecretFile();
    }

    void onListening(@ObservesAsync HttpServerStart started) {
        try {
            file.write(secret);
            written = true;
        } catch (IOException | RuntimeException e) {
            // The API then refuses every request (nobody can know the secret); readiness stays down and says why.
            LOG.errorf("cannot write the control API's secret to %s: %s; the shell cannot reach this daemon. Set "
                    + "PEER_CONTROL_SECRET_FILE to a file in a folder this user can write", file, e.getMessage());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (written) {
            file.deleteIf(secret);
        }
    }

    /** Whether {@code authorization} (the Authorization header, or null) carries the secret; constant time. */
    boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1)) {
            return false;
        }
        byte[] presented = authorization.substring(SCHEME.length() + 1).strip().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(presented, secretBytes);
    }

    /** Whether the file holds the secret yet (shells can authenticate). */
    public boolean written() {
        return written;
    }

    public ControlSecretFile file() {
        return file;
    }
}
