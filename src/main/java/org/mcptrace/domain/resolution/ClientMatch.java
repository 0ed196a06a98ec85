package org.mcptrace.domain.resolution;

import java.io.Serializable;

/**
 * The Client Workload a request resolved to; reported even when inactive, so the entry can name it. {@code registered}
 * is what identified it: the registered redirect URI, or the client ID when the rule is {@link ClientRule#CLIENT_ID}.
 */
public record ClientMatch(long id, String name, boolean active, ClientRule rule, String registered) implements Serializable {
}
