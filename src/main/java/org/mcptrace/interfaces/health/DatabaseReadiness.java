package org.mcptrace.interfaces.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.mcptrace.infrastructure.cluster.ConfigurationNotices;

/**
 * Ready only while the configuration database answers (without it nothing can be resolved or administered) and, on
 * PostgreSQL, while this node listens for other nodes' configuration changes (without that it would resolve against a
 * configuration others have changed).
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    private static final int TIMEOUT_SECONDS = 2;

    @Resource(lookup = "jdbc/mcptrace")
    DataSource dataSource;

    @Inject
    ConfigurationNotices notices;

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = dataSource.getConnection()) {
            boolean valid = connection.isValid(TIMEOUT_SECONDS);
            return HealthCheckResponse.named("database").status(valid && notices.healthy())
                    .withData("product", connection.getMetaData().getDatabaseProductName())
                    .withData("configurationNotices", !notices.postgres() ? "not needed (one node)"
                            : notices.healthy() ? "listening" : "not listening")
                    // reloads in full: one at start and one per reconnect or change found by the periodic check
                    .withData("configurationReloads", notices.reloads()).build();
        } catch (SQLException | RuntimeException e) {
            // the reason goes to operators probing the endpoint; it names no credentials, only the failure
            return HealthCheckResponse.named("database").down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
