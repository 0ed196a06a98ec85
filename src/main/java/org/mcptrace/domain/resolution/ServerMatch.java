package org.mcptrace.domain.resolution;

import java.io.Serializable;

/** The Server Workload a resource resolved to; reported even when inactive, so the entry can name it. */
public record ServerMatch(long id, String name, boolean active, ServerRule rule, String registered) implements Serializable {
}
