package org.mcptrace.interfaces.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.mcptrace.infrastructure.cluster.LiveFanOut;

/**
 * A node meant to be in a cluster is ready only once it is a member: before that (or when refused for another key) its
 * consoles would show only its own entries, so a load balancer should send operators elsewhere. A node running alone
 * by design is always ready here.
 */
@Readiness
@ApplicationScoped
public class ClusterReadiness implements HealthCheck {

    @Inject
    LiveFanOut cluster;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("cluster").withData("node", cluster.nodeName());
        if (!cluster.enabled()) {
            return response.up().withData("members", 1).withData("mode", "single node").build();
        }
        String problem = cluster.problem();
        return response.status(problem == null).withData("members", cluster.size())
                .withData("mode", problem == null ? "member" : problem).build();
    }
}
