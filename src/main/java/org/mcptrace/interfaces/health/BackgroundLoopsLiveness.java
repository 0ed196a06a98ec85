package org.mcptrace.interfaces.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.mcptrace.application.BackgroundLoops;

/**
 * DOWN when a background loop (push, stream feed, gateway flush) no longer runs: its schedule ended or a round
 * never returns. Failed rounds do not count against it (the loop goes on; /metrics counts them), but are shown.
 */
@Liveness
@ApplicationScoped
public class BackgroundLoopsLiveness implements HealthCheck {

    @Inject
    BackgroundLoops loops;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("background-loops").up();
        for (BackgroundLoops.Loop loop : loops.all()) {
            boolean running = loop.running();
            if (!running) {
                response.down();
            }
            response.withData(loop.name(), (running ? "running" : "stopped") + ", " + loop.failures() + " failed");
        }
        return response.build();
    }
}
