package org.mcptrace.interfaces.metrics;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import org.mcptrace.interfaces.security.ConsoleAuthentication;

/**
 * Counts reports the ingestion API refuses. A response filter rather than code in the resource, because refusals
 * leave the resource as exceptions and become problems in the mappers; here every one is seen with its final status.
 */
@Provider
public class RejectedReports implements ContainerResponseFilter {

    @Inject
    TraceMetrics metrics;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400) {
            return;
        }
        String path = request.getUriInfo().getPath();
        // the batch counts too; a dry run (evaluate) is not a report, so it does not
        if (ConsoleAuthentication.ingestion(request.getMethod(), "/api" + (path.startsWith("/") ? path : "/" + path))) {
            metrics.rejected(response.getStatus());
        }
    }
}
