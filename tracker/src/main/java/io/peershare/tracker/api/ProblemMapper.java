package io.peershare.tracker.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.peershare.protocol.api.Problem;
import io.peershare.tracker.dashboard.DashboardBusyException;
import io.peershare.tracker.probe.ProbeBusyException;
import io.peershare.tracker.registry.RegistryException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.stream.Collectors;

/**
 * The one place where failures become HTTP answers: every error is {@code application/problem+json}
 * ({@link Problem}) with a detail a client can act on. Stack traces go to the log, never to the client.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response registry(RegistryException e, UriInfo uri) {
        return switch (e.kind()) {
            case INVALID_INPUT -> problem(400, "invalid-input", "Invalid input", e.getMessage(), uri);
            case MISSING_TOKEN -> problem(401, "missing-token", "Missing token", e.getMessage(), uri);
            case WRONG_TOKEN -> problem(403, "wrong-token", "Wrong token", e.getMessage(), uri);
            case NOT_FOUND -> problem(404, "not-found", "Not found", e.getMessage(), uri);
            case NAME_TAKEN -> problem(409, "name-taken", "Hostname taken", e.getMessage(), uri);
            case UNREACHABLE -> problem(422, "unreachable", "Advertised address unreachable", e.getMessage(), uri);
            case BAD_SIGNATURE -> problem(401, "bad-signature", "Identity not proven", e.getMessage(), uri);
            case ADDRESS_NOT_ALLOWED -> problem(422, "address-not-allowed", "Advertised address not allowed",
                    e.getMessage(), uri);
            case FULL -> problem(503, "full", "Tracker full", e.getMessage(), uri);
            case UNAVAILABLE -> problem(503, "unavailable", "Tracker unavailable", e.getMessage(), uri);
            // Redis is back within seconds or not soon: either way a peer's retry after a heartbeat interval is right.
            case STORE_UNREACHABLE -> Response.fromResponse(problem(503, "store-unreachable", "Registry store unreachable",
                    e.getMessage(), uri)).header("Retry-After", 5).build();
        };
    }

    /** All probe slots taken: come back when one is likely free (a probe lasts at most its deadline). */
    @ServerExceptionMapper
    public Response busy(ProbeBusyException e, UriInfo uri) {
        return Response.fromResponse(problem(503, "probes-busy", "Too many probes at once", e.getMessage(), uri))
                .header("Retry-After", e.retryAfterSeconds()).build();
    }

    /** Every dashboard stream slot taken: a watcher's EventSource retries by itself. */
    @ServerExceptionMapper
    public Response dashboardBusy(DashboardBusyException e, UriInfo uri) {
        return Response.fromResponse(problem(503, "dashboard-busy", "Too many dashboard streams", e.getMessage(), uri))
                .header("Retry-After", 5).build();
    }

    // Jackson's own mappers would answer text/plain; these three cover syntax errors and wrong shapes/types.
    @ServerExceptionMapper
    public Response jsonSyntax(JsonParseException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response jsonShape(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response jsonOther(JsonProcessingException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, uri); // Quarkus REST wraps body-parsing failures in a 400 BadRequestException
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "request %s failed", uri.getPath());
            return problem(status, "internal", "Internal error", "the tracker failed; see its log", uri);
        }
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        return problem(status, "http-" + status, reason, reason + ": " + uri.getPath(), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.errorf(e, "request %s failed", uri.getPath());
        return problem(500, "internal", "Internal error", "the tracker failed unexpectedly; see its log", uri);
    }

    private static Response json(JsonProcessingException e, UriInfo uri) {
        StringBuilder detail = new StringBuilder("the request body is not valid: ").append(e.getOriginalMessage());
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            detail.append(" (at ").append(mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))).append(')');
        }
        JsonLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            detail.append(" at line ").append(location.getLineNr()).append(", column ").append(location.getColumnNr());
        }
        return problem(400, "invalid-json", "Invalid JSON", oneLine(detail.toString()), uri);
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() > 500 ? flat.substring(0, 500) + "…" : flat;
    }

    private static Response problem(int status, String slug, String title, String detail, UriInfo uri) {
        Problem body = new Problem("urn:peershare:problem:" + slug, title, status, detail, uri.getPath());
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }
}
