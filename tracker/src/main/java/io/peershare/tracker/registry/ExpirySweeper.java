package io.peershare.tracker.registry;

import io.peershare.tracker.TrackerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Drops peers silent past {@code tracker.peer-expiry}, every {@code tracker.sweep-interval}. Runs only when
 * the HTTP server is on: in the shell ({@code cli} profile) the registry is never used, so no thread starts.
 */
@ApplicationScoped
public class ExpirySweeper {

    private static final Logger LOG = Logger.getLogger(ExpirySweeper.class);

    private final Registry registry;
    private final TrackerConfig config;
    private final boolean serving;
    private ScheduledExecutorService executor;

    public ExpirySweeper(Registry registry, TrackerConfig config,
                         @ConfigProperty(name = "quarkus.http.host-enabled", defaultValue = "true") boolean serving) {
        this.registry = registry;
        this.config = config;
        this.serving = serving;
    }

    void start(@Observes StartupEvent event) {
        if (!serving) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("registry-sweeper").daemon().factory());
        long every = Math.max(1, config.sweepInterval().toMillis());
        executor.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            int dropped = registry.sweep();
            if (dropped > 0) {
                LOG.infof("dropped %d peer(s) silent for more than %s", dropped, config.peerExpiry());
            }
        } catch (RuntimeException e) {
            // Logged and survived: an exception would otherwise cancel every later sweep silently.
            LOG.error("registry sweep failed", e);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
