package io.peershare.peer.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peershare.protocol.api.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Locale;
import java.util.Set;

/**
 * In front of every route of the control API's HTTP server (the control endpoints and {@code /q/*}), before any
 * body is read (docs/architecture.md, "Control API authentication"):
 * <ol>
 *   <li>the Host header must name loopback with this server's port ({@code 127.0.0.1}, {@code localhost},
 *       {@code [::1]}), else 403: a web page that rebinds its own name to 127.0.0.1 (DNS rebinding) sends its own
 *       name as Host, so the browser cannot be used to reach the daemon;</li>
 *   <li>a body must declare its length, at most {@code quarkus.http.limits.max-body-size} (411 / 413);</li>
 *   <li>every request but the health checks (exactly {@code /q/health[/live|/ready|/started]}, used by the
 *       container's health check) must carry
 *       {@code Authorization: Bearer <secret>} ({@link ControlSecret}), else 401: any local user can reach
 *       127.0.0.1, only the daemon's user can read the secret file.</li>
 * </ol>
 * Every refusal is one {@code application/problem+json} line saying what to do.
 */
@ApplicationScoped
public class ControlGuard {

    /** Before Quarkus's own filters (CORS, ...) and every route. */
    static final int PRIORITY = 10_000;
    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");
    private static final java.util.regex.Pattern HEALTH = java.util.regex.Pattern.compile("/q/health(/(live|ready|started))?/?");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(ControlGuard.class);

    private final ControlSecret secret;
    private final long maxBody;

    ControlGuard(ControlSecret secret, @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody) {
        this.secret = secret;
        this.maxBody = maxBody.asLongValue();
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    /**
     * Failures before or outside the JAX-RS resources (a path that does not decode, such as {@code /%}) as problems
     * too; Vert.x would answer them with an empty body, or with a stack trace in dev mode.
     */
    void failures(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failed);
    }

    private void failed(RoutingContext context) {
        if (context.response().ended() || context.response().headWritten()) {
            return;
        }
        int status = context.statusCode() >= 400 ? context.statusCode() : 500;
        if (status >= 500) {
            LOG.errorf(context.failure(), "control API request %s failed", context.request().path());
        }
        refuse(context, status, status >= 500 ? "the daemon failed to answer this request; its log says why"
                : "the request cannot be handled (HTTP " + status + "): check its path and query", false);
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        int port = request.localAddress() == null ? -1 : request.localAddress().port();
        if (!loopbackHost(request.getHeader(HttpHeaders.HOST), port)) {
            refuse(context, 403, "the control API answers only requests addressed to 127.0.0.1, localhost or [::1] "
                    + "on port " + port + " (Host header); use http://127.0.0.1:" + port, false);
            return;
        }
        String problem = bodyProblem(request);
        if (problem != null) {
            refuse(context, problem.startsWith("send") ? 411 : 413, problem, false);
            return;
        }
        if (!healthCheck(context) && !secret.accepts(request.getHeader(HttpHeaders.AUTHORIZATION))) {
            refuse(context, 401, "send the control API's secret as 'Authorization: Bearer <secret>'; it is in "
                    + secret.file() + ", readable by the daemon's user (the peer shell does this when run as that user)", true);
            return;
        }
        context.next();
    }

    /**
     * Whether the request is one of the health checks, exactly: the raw path must equal the path the router
     * routes by, or {@code /q/health/../../control/v1/publish} would pass as a health check and be routed to publish.
     */
    private static boolean healthCheck(RoutingContext context) {
        String raw = context.request().path();
        return raw != null && raw.equals(context.normalizedPath()) && HEALTH.matcher(raw).matches();
    }

    /** Whether {@code host} is a loopback name with {@code port} (or without a port when the port is 80). */
    static boolean loopbackHost(String host, int port) {
        if (host == null) {
            return false;
        }
        String value = host.strip().toLowerCase(Locale.ROOT);
        int colon = value.lastIndexOf(':');
        String name = value;
        String portText = null;
        if (colon > value.lastIndexOf(']')) {
            name = value.substring(0, colon);
            portText = value.substring(colon + 1);
        }
        if (!LOOPBACK_NAMES.contains(name)) {
            return false;
        }
        return portText == null ? port == 80 : portText.equals(Integer.toString(port));
    }

    /** Null when the request's body is acceptable, else why not. */
    private String bodyProblem(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        String encoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        if (encoding != null) {
            return "send the body with a Content-Length (at most " + maxBody + " bytes), not chunked";
        }
        if (length == null) {
            return null;
        }
        try {
            long declared = Long.parseLong(length.strip());
            if (declared >= 0 && declared <= maxBody) {
                return null;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        return "the body is larger than this API's " + maxBody + "-byte limit (Content-Length " + abbreviate(length) + ")";
    }

    private static String abbreviate(String text) {
        return text.length() <= 24 ? text : text.substring(0, 24) + "…";
    }

    private static void refuse(RoutingContext context, int status, String detail, boolean authenticate) {
        String title = switch (status) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            default -> status >= 500 ? "Internal Server Error" : "Bad Request";
        };
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(new Problem("about:blank", title, status, detail, null));
        } catch (JsonProcessingException e) {
            body = ("{\"title\":\"" + title + "\",\"status\":" + status + "}").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        var response = context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (authenticate) {
            response.putHeader("WWW-Authenticate", ControlSecret.SCHEME + " realm=\"peershare-control\"");
        }
        // The body, if any, was not read: the connection carries no other request after a refusal.
        response.putHeader(HttpHeaders.CONNECTION, "close");
        response.end(io.vertx.core.buffer.Buffer.buffer(body));
    }
}
