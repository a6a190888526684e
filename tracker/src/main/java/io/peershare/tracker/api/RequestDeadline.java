package io.peershare.tracker.api;

import io.quarkus.arc.Unremovable;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import io.peershare.tracker.TrackerConfig;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Slowloris defence: a connection on which the tracker has written nothing for {@code tracker.http.request-deadline}
 * is closed. A client trickling its request headers a byte at a time never gets an answer, so it is closed that
 * long after it connected, however it trickles; the idle timeout alone is reset by every byte. Every tracker
 * request is answered well within it (the slowest, a probe, ends by tracker.probe.deadline), and a keep-alive
 * connection is merely closed after that long without a request.
 */
@ApplicationScoped
@Unremovable // found by Quarkus through a container lookup, not an injection point
public class RequestDeadline implements HttpServerOptionsCustomizer {

    private static final Logger LOG = Logger.getLogger(RequestDeadline.class);

    private final Duration deadline;

    public RequestDeadline(TrackerConfig config) {
        this.deadline = config.http().requestDeadline();
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        // Vert.x has one unit for its three idle timeouts: move the idle timeout Quarkus set to milliseconds first
        long idle = TimeUnit.MILLISECONDS.convert(options.getIdleTimeout(), options.getIdleTimeoutUnit());
        options.setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        options.setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idle));
        options.setWriteIdleTimeout((int) Math.min(Integer.MAX_VALUE, deadline.toMillis()));
        // With cleartext HTTP/2 on, Vert.x first sniffs each new connection for an HTTP/2 preface, and connections
        // still in their first request were not closed by the idle events (SlowlorisTest: 0 of 300 closed).
        // Every client of this API speaks HTTP/1.1.
        options.setHttp2ClearTextEnabled(false);
        LOG.debugf("HTTP: idle timeout %d ms, request deadline (write idle) %d ms", idle, deadline.toMillis());
    }
}
