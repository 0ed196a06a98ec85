package org.mcptrace.domain.trace;

import java.io.Serializable;
import java.time.Instant;
import org.mcptrace.domain.resolution.AuthorizationRequest;

/**
 * One authorization request as a gateway reported it: the request itself plus the circumstances the console shows
 * (when the gateway received it, from which client address, through which gateway, under which correlation id).
 */
public record AuthorizationReport(Instant receivedAt, String gatewayId, String requestId, String clientIp,
                                  AuthorizationRequest request) implements Serializable {
}
