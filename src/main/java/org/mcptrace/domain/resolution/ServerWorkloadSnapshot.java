package org.mcptrace.domain.resolution;

/** A Server Workload as the resolver sees it at one revision: the immutable copy a {@link ConfigurationSnapshot} holds. */
public record ServerWorkloadSnapshot(long id, String name, boolean active, String resourceUrl) {
}
