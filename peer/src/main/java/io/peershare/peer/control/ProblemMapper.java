package io.peershare.peer.control;

import io.peershare.peer.repository.RepositoryException;
import io.peershare.protocol.api.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/** Every control API error as {@code application/problem+json}, with a one-line detail the shell prints as is. */
@Provider
public class ProblemMapper implements ExceptionMapper<Exception> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @Override
    public Response toResponse(Exception e) {
        int status = statusOf(e);
        if (status >= 500) {
            LOG.errorf(e, "control API request failed");
        }
        String detail = detailOf(e);
        Response.StatusType type = Response.Status.fromStatusCode(status);
        Problem problem = new Problem("about:blank", type == null ? "Error" : type.getReasonPhrase(), status, detail, null);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /**
     * One line the user can act on. Jackson's messages name our Java types and span lines, and a 5xx may carry
     * anything: those get a line of our own (the 5xx is in the log).
     */
    private static String detailOf(Exception e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
            var where = json.getLocation();
            return "the request body is not the JSON this endpoint takes" + (where == null ? ""
                    : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")")
                    + "; see docs/architecture.md, Peer control API";
        }
        if (statusOf(e) >= 500 && !(e instanceof RepositoryException)) {
            return "the daemon failed to answer this request; its log says why";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static int statusOf(Exception e) {
        return switch (e) {
            case RepositoryException r -> switch (r.kind()) {
                case INVALID_INPUT -> 400;
                case CONFLICT -> 409;
                case IO -> 500;
            };
            case WebApplicationException w -> w.getResponse().getStatus();
            case IllegalArgumentException i -> 400;
            case com.fasterxml.jackson.core.JsonProcessingException j -> 400;
            case IllegalStateException i -> 503;
            default -> 500;
        };
    }
}
