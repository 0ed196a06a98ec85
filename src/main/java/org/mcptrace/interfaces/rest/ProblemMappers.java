package org.mcptrace.interfaces.rest;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mcptrace.domain.access.Role;

/** Every error leaves the API as a problem document; nothing internal (stack traces, class names) leaks out. */
public final class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

    private ProblemMappers() {
    }

    @Provider
    public static class Explicit implements ExceptionMapper<ProblemException> {
        @Override
        public Response toResponse(ProblemException e) {
            return e.problem().toResponse();
        }
    }

    @Provider
    public static class Web implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            if (e.getCause() instanceof ProcessingException) {
                return unreadable(e.getCause()).toResponse();
            }
            int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
            Response.Status known = Response.Status.fromStatusCode(status);
            String title = known == null ? "Error" : known.getReasonPhrase();
            String detail;
            if (e instanceof NotSupportedException) {
                detail = "Send the body as application/json.";
            } else if (e instanceof NotFoundException) {
                detail = "No such resource.";
            } else if (e instanceof NotAllowedException) {
                detail = "This method is not allowed here.";
            } else {
                detail = e.getMessage();
            }
            Response built = Problem.of(status, title, detail, null).toResponse();
            if (e.getResponse() != null && e.getResponse().getHeaderString("Allow") != null) {
                return Response.fromResponse(built).header("Allow", e.getResponse().getHeaderString("Allow")).build();
            }
            return built;
        }
    }

    @Provider
    public static class Processing implements ExceptionMapper<ProcessingException> {
        @Override
        public Response toResponse(ProcessingException e) {
            return unreadable(e).toResponse();
        }
    }

    @Provider
    public static class Unexpected implements ExceptionMapper<RuntimeException> {
        @Override
        public Response toResponse(RuntimeException e) {
            if (e instanceof WebApplicationException web) {
                return new Web().toResponse(web);
            }
            LOG.log(Level.SEVERE, "unexpected error answering an API request", e);
            return Problem.of(500, "Internal error", "The server could not complete the request; see the server log.", null)
                    .toResponse();
        }
    }

    // a @RolesAllowed refusal: what the caller's role allows instead
    static Response forbidden(SecurityContext security) {
        if (security.isUserInRole(Role.GATEWAY_ROLE)) {
            return Problem.of(403, "Forbidden", "A gateway token may only report authorization requests and call "
                    + "forward auth.", "Authorization").toResponse();
        }
        if (security.isUserInRole(Role.VIEWER_ROLE)) {
            return Problem.of(403, "Forbidden", "Only an operator may change this; "
                    + security.getUserPrincipal().getName() + " may only read.", null).toResponse();
        }
        return Problem.of(403, "Forbidden", "Reports come from gateways: use Authorization: Bearer <gateway token>.",
                "Authorization").toResponse();
    }

    static Problem unreadable(Throwable cause) {
        return Problem.of(400, "Unreadable JSON", "The body is not valid JSON of the expected shape: "
                + shorten(cause == null ? null : cause.getMessage()), "body");
    }

    private static String shorten(String message) {
        if (message == null) {
            return "no detail";
        }
        String line = Problem.oneLine(message);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
