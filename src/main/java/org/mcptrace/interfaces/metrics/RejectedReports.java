package org.mcptrace.interfaces.metrics;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Counts reports the ingestion API refuses. A response filter rather than code in the resource, because refusals
 * leave the resource as exceptions and become problems in the mappers; here every one is seen with its final status.
 */
@Provider
public class RejectedReports implements ContainerResponseFilter {

    private static final String INGESTION = "v1/authorization-requests";

    @Inject
    TraceMetrics metrics;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() >= 400 && "POST".equals(request.getMethod())) {
            String path = request.getUriInfo().getPath();
            String bare = path.startsWith("/") ? path.substring(1) : path;
            // the batch counts too; a dry run (evaluate) is not a report, so it does not
            if (bare.equals(INGESTION) || bare.equals(INGESTION + "/batch")) {
                metrics.rejected(response.getStatus());
            }
        }
    }
}
