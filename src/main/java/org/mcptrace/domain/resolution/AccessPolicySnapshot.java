package org.mcptrace.domain.resolution;

/** An Access Policy as the resolver sees it at one revision: the immutable copy a {@link ConfigurationSnapshot} holds. */
public record AccessPolicySnapshot(long id, String name, boolean active, long clientWorkloadId, long serverWorkloadId) {
}
