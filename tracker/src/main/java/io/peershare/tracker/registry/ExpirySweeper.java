package io.peershare.tracker.registry;

import io.peershare.tracker.TrackerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import jakarta.inject.Provider;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Drops peers silent past {@code tracker.peer-expiry}, every {@code tracker.sweep-interval}; releases
 * hostnames unused past {@code tracker.identity.retention} and saves the identity book's pending changes. Runs only when
 * the HTTP server is on: in the shell ({@code cli} profile) the registry is never used, so no thread starts.
 */
@ApplicationScoped
public class ExpirySweeper {

    private static final Logger LOG = Logger.getLogger(ExpirySweeper.class);

    private final Provider<Registry> registry;
    private final Provider<IdentityBook> identities;
    private final TrackerConfig config;
    private final boolean serving;
    private ScheduledExecutorService executor;

    public ExpirySweeper(Provider<Registry> registry, Provider<IdentityBook> identities, TrackerConfig config,
                         @ConfigProperty(name = "quarkus.http.host-enabled", defaultValue = "true") boolean serving) {
        this.registry = registry;
        this.identities = identities;
        this.config = config;
        this.serving = serving;
    }

    void start(@Observes StartupEvent event) {
        if (!serving) {
            return;
        }
        // Load the identity book now: an unreadable one stops the tracker at startup, not at the first registration.
        IdentityBook book = identities.get();
        try {
            LOG.infof("%s: %d hostname(s) bound to peer keys", book.describe(), book.size());
        } catch (RegistryException e) {
            LOG.warnf("%s: %s", book.describe(), e.getMessage()); // Redis not up yet: the tracker starts anyway
        }
        registry.get(); // the Redis store starts loading its view now, not at the first request
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("registry-sweeper").daemon().factory());
        long every = Math.max(1, config.sweepInterval().toMillis());
        executor.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            int dropped = registry.get().sweep();
            if (dropped > 0) {
                LOG.infof("dropped %d peer(s) silent for more than %s", dropped, config.peerExpiry());
            }
        } catch (RuntimeException e) {
            // Logged and survived: an exception would otherwise cancel every later sweep silently.
            LOG.error("registry sweep failed", e);
        }
        try {
            int released = identities.get().expire();
            if (released > 0) {
                LOG.infof("released %d hostname(s) unused for more than %s", released, config.identity().retention());
            }
            identities.get().flush(); // heartbeats' touches and releases: one write per sweep at most
        } catch (IOException | RuntimeException e) {
            LOG.errorf("saving the identity book failed (will retry at the next sweep): %s", e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
            try {
                identities.get().flush();
            } catch (IOException | RuntimeException e) {
                LOG.errorf("saving the identity book at shutdown failed: %s", e.getMessage());
            }
        }
    }
}
