package org.mcptrace.interfaces.rest;

import java.time.Instant;
import org.mcptrace.application.Gateways;

/** A gateway as the API shows it; {@code token} is present only in the answer to a registration. */
public record GatewayJson(long id, String name, String token, Instant createdAt, String createdBy, Instant lastSeen,
                          long requestCount, boolean revoked, Instant revokedAt, String revokedBy) {

    static GatewayJson of(Gateways.Listed g, String token) {
        return new GatewayJson(g.id(), g.name(), token, g.createdAt(), g.createdBy(), g.lastSeen(), g.requestCount(),
                g.isRevoked(), g.revokedAt(), g.revokedBy());
    }
}
