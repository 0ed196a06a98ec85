package org.mcptrace.domain.resolution;

public record ServerWorkloadView(long id, String name, boolean active, String resourceUrl) {
}
