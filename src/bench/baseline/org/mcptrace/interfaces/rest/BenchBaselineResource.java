package org.mcptrace.interfaces.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The baseline of the ingestion benchmark: the same server, connector, authentication mechanism, JAX-RS stack and
 * body read as ingestion, with no work after that, so the ratio against it isolates what the product itself costs.
 * It is compiled only under the Maven profile {@code bench} ({@code mvn -Pbench liberty:run}, which src/bench/run.sh
 * uses), so the WAR that ships has no endpoint anybody could hammer for free. Callers sign in as a console user (HTTP
 * Basic), which costs the mechanism about what a gateway token does.
 */
@ApplicationScoped
@Path("v1/bench/noop")
public class BenchBaselineResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public String get() {
        return "{}";
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public String post(String body) {
        return "{}";
    }
}
