package org.mcptrace.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mcptrace.domain.access.Identity;
import org.mcptrace.domain.access.Role;
import org.mcptrace.domain.access.Secrets;

/**
 * The console users and the secrets that ship with defaults. Two users, {@code operator} and {@code viewer}, whose
 * passwords come from MicroProfile Config (MCPTRACE_OPERATOR_PASSWORD, MCPTRACE_VIEWER_PASSWORD). The defaults exist so
 * that {@code mvn liberty:run} works with no set-up; {@link ProductionMode} refuses them in production.
 */
@ApplicationScoped
public class Access {

    public static final String OPERATOR = "operator";
    public static final String VIEWER = "viewer";
    public static final String DEFAULT_GATEWAY_TOKEN = "dev-gateway-token";

    @Inject
    @ConfigProperty(name = "mcptrace.operator.password", defaultValue = OPERATOR)
    String operatorPassword;

    @Inject
    @ConfigProperty(name = "mcptrace.viewer.password", defaultValue = VIEWER)
    String viewerPassword;

    @Inject
    @ConfigProperty(name = "mcptrace.gateway.token", defaultValue = DEFAULT_GATEWAY_TOKEN)
    String gatewayToken;

    @Inject
    @ConfigProperty(name = "mcptrace.mode", defaultValue = "development")
    String mode;

    @Inject
    @ConfigProperty(name = "mcptrace.session.timeout.minutes", defaultValue = "30")
    int sessionTimeoutMinutes;

    /** The user, if the password is right. Both users are always checked, so timing does not tell which name exists. */
    public Optional<Identity> signIn(String username, String password) {
        boolean operator = Secrets.sameSecret(password, operatorPassword);
        boolean viewer = Secrets.sameSecret(password, viewerPassword);
        if (OPERATOR.equals(username) && operator) {
            return Optional.of(new Identity(OPERATOR, Role.OPERATOR));
        }
        if (VIEWER.equals(username) && viewer) {
            return Optional.of(new Identity(VIEWER, Role.VIEWER));
        }
        return Optional.empty();
    }

    public String bootstrapGatewayToken() {
        return gatewayToken;
    }

    public boolean production() {
        return "production".equals(mode == null ? "" : mode.strip().toLowerCase(Locale.ROOT));
    }

    public int sessionTimeoutMinutes() {
        return Math.max(1, sessionTimeoutMinutes);
    }

    /** The settings still at their shipped default, by environment variable name. */
    public List<String> defaultSettings() {
        List<String> defaults = new ArrayList<>();
        if (OPERATOR.equals(operatorPassword)) {
            defaults.add("MCPTRACE_OPERATOR_PASSWORD");
        }
        if (VIEWER.equals(viewerPassword)) {
            defaults.add("MCPTRACE_VIEWER_PASSWORD");
        }
        if (DEFAULT_GATEWAY_TOKEN.equals(gatewayToken)) {
            defaults.add("MCPTRACE_GATEWAY_TOKEN");
        }
        return defaults;
    }
}
