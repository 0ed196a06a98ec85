package org.mcptrace.interfaces.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.mcptrace.interfaces.push.LiveTracesPush;

/**
 * DOWN when the live view has stopped: entries arrived, a console is connected, and nothing was pushed for ten
 * seconds. The server then still answers every request, so only this check tells an orchestrator (or an operator
 * reading /health) that the one thing the console promises is not happening. A quiet server, or one nobody watches,
 * stays UP.
 */
@Liveness
@ApplicationScoped
public class PushLiveness implements HealthCheck {

    @Inject
    LiveTracesPush push;

    @Override
    public HealthCheckResponse call() {
        long stalled = push.stalledMillis();
        return HealthCheckResponse.named("push").status(stalled == 0)
                .withData("viewers", push.viewers())
                .withData("pushes", push.pushes())
                .withData("unpushedMilliseconds", stalled)
                .build();
    }
}
