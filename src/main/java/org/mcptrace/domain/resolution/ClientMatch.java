package org.mcptrace.domain.resolution;

import java.io.Serializable;

/** The Client Workload a redirect URI resolved to; reported even when inactive, so the entry can name it. */
public record ClientMatch(long id, String name, boolean active, ClientRule rule, String registered) implements Serializable {
}
