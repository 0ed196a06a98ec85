package org.mcptrace.application;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.logging.Logger;

/**
 * Refuses to start in production with a shipped default secret, and warns about them anywhere else. It observes the
 * start of the application scope before any other start-up work; the exception it throws fails the CDI start-up, so
 * Liberty does not start the application at all (nothing answers on its context root) and logs why.
 */
@ApplicationScoped
public class ProductionMode {

    private static final Logger LOG = Logger.getLogger(ProductionMode.class.getName());

    @Inject
    Access access;

    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) @Initialized(ApplicationScoped.class) Object ignored) {
        List<String> defaults = access.defaultSettings();
        if (defaults.isEmpty()) {
            return;
        }
        if (access.production()) {
            String message = "MCPTRACE-0001E: mcptrace refuses to start: MCPTRACE_MODE=production but "
                    + String.join(", ", defaults) + (defaults.size() == 1 ? " is" : " are")
                    + " at the shipped default. Set " + (defaults.size() == 1 ? "it" : "them") + " to a secret value.";
            LOG.severe(message);
            throw new IllegalStateException(message);
        }
        LOG.warning("MCPTRACE-0002W: default secrets in use (" + String.join(", ", defaults) + "); fine for a local run,"
                + " never for a shared one. Set them, and MCPTRACE_MODE=production to enforce it.");
    }
}
