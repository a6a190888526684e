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
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Response.StatusType type = Response.Status.fromStatusCode(status);
        Problem problem = new Problem("about:blank", type == null ? "Error" : type.getReasonPhrase(), status, detail, null);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
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
