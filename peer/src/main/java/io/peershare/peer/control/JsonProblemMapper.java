package io.peershare.peer.control;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * JSON of the wrong shape ({@code []} where an object is expected, a string for a boolean) as a problem, too:
 * Quarkus's own mapper for this exception answers an empty 400, which the shell cannot explain.
 */
@Provider
@Priority(Priorities.USER - 100)
public class JsonProblemMapper implements ExceptionMapper<MismatchedInputException> {

    private final ProblemMapper problems = new ProblemMapper();

    @Override
    public Response toResponse(MismatchedInputException e) {
        return problems.toResponse(e);
    }
}
