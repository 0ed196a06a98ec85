package org.mcptrace.domain.resolution;

public record AccessPolicyView(long id, String name, boolean active, long clientWorkloadId, long serverWorkloadId) {
}
