package org.mcptrace.domain.resolution;

import java.util.List;

/** A Client Workload as the resolver sees it at one revision: the immutable copy a {@link ConfigurationSnapshot} holds. */
public record ClientWorkloadSnapshot(long id, String name, boolean active, List<String> redirectUris) {

    public ClientWorkloadSnapshot {
        redirectUris = Copies.withoutNulls(redirectUris);
    }
}
