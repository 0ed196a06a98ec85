package org.mcptrace.interfaces.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.mcptrace.application.ConfigurationRejected;

/** Turns a refused configuration change into a problem document with the status its kind implies. */
@Provider
public class ConfigurationRejectedMapper implements ExceptionMapper<ConfigurationRejected> {

    @Override
    public Response toResponse(ConfigurationRejected e) {
        return problem(e).toResponse();
    }

    static Problem problem(ConfigurationRejected e) {
        return switch (e.kind()) {
            case INVALID -> Problem.of(400, "Invalid configuration", e.getMessage(), e.field());
            case NOT_FOUND -> Problem.of(404, "Not found", e.getMessage(), e.field());
            case CONFLICT -> Problem.of(409, "Conflicting configuration", e.getMessage(), e.field());
            case STALE -> Problem.of(409, "Stale version", e.getMessage(), e.field());
            case IN_USE -> Problem.of(409, "Still in use", e.getMessage(), e.field());
            case FORBIDDEN -> Problem.of(403, "Forbidden", e.getMessage(), e.field());
        };
    }
}
