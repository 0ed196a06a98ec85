package org.mcptrace.interfaces.rest;

import java.time.Instant;
import org.mcptrace.application.GatewayRegistry;

/**
 * A gateway as the API shows it; {@code token} is present only in the answer to a registration. {@code passed} and
 * {@code refused} count forward-auth calls since the server started: let through untraced (not authorization
 * requests), and refused in enforce mode.
 */
public record GatewayJson(long id, String name, String token, String mode, int trustedProxies, Instant createdAt,
                          String createdBy, Instant lastSeen, long requestCount, long passed, long refused,
                          boolean revoked, Instant revokedAt, String revokedBy) {

    static GatewayJson of(GatewayRegistry.Listed g, String token) {
        return new GatewayJson(g.id(), g.name(), token, g.mode().word(), g.trustedProxies(), g.createdAt(),
                g.createdBy(), g.lastSeen(), g.requestCount(), g.passed(), g.refused(), g.isRevoked(), g.revokedAt(),
                g.revokedBy());
    }
}
