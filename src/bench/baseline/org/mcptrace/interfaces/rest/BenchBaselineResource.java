package org.mcptrace.interfaces.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The baseline of the ingestion benchmark: the same server, connector, JAX-RS stack and body read as ingestion, with
 * no work after that, so the ratio against it isolates what the product itself costs. It answers 404 unless
 * {@code mcptrace.bench.noop.enabled} is true (src/bench/run.sh sets it through the environment): a production
 * deployment must not carry an endpoint that anybody can hammer for free. POST takes a gateway token, as ingestion
 * does, so the baseline pays the same authentication.
 */
@Path("v1/bench/noop")
public class BenchBaselineResource {

    @Inject
    @ConfigProperty(name = "mcptrace.bench.noop.enabled", defaultValue = "false")
    boolean enabled;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response get() {
        return answer();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response post(String body) {
        return answer();
    }

    private Response answer() {
        if (!enabled) {
            throw new ProblemException(404, "Not Found", "No such resource.", null);
        }
        return Response.ok("{}").build();
    }
}
