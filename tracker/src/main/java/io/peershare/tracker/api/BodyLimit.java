package io.peershare.tracker.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peershare.protocol.api.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body announced larger than {@code quarkus.http.limits.max-body-size} is refused before any of it is read,
 * with a 413 problem+json naming the limit. Quarkus' own check answers the same status with an empty body, which
 * tells a client nothing; this route runs before it. A body without a declared length (chunked) is refused
 * with 411: Quarkus would cut it off at the limit with an empty 413 that no mapper sees, and every client of
 * this API (peers, shells, curl) sends Content-Length.
 */
@ApplicationScoped
public class BodyLimit {

    /** Before Quarkus' body-size route (order -2) and before any body is read. */
    private static final int ORDER = -100;

    private final long maxBytes;
    private final ObjectMapper json;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize, ObjectMapper json) {
        this.maxBytes = maxBodySize.asLongValue();
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null && context.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            refuse(context, 411, "length-required", "Length required", "send the request body with a Content-Length "
                    + "header (at most " + maxBytes + " bytes), not chunked");
            return;
        }
        long length;
        try {
            length = declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            length = -1; // not a number: Vert.x refuses the request itself
        }
        if (length <= maxBytes) {
            context.next();
            return;
        }
        refuse(context, 413, "body-too-large", "Body too large", "the request body is " + length + " bytes; the limit is "
                + maxBytes + " bytes (quarkus.http.limits.max-body-size); announce fewer files per request");
    }

    private void refuse(RoutingContext context, int status, String slug, String title, String detail) {
        Problem problem = new Problem("urn:peershare:problem:" + slug, title, status, detail, context.request().path());
        try {
            context.response().setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close") // the unread body makes the connection unusable
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            context.fail(status, e);
        }
    }
}
