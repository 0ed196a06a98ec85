package org.mcptrace.domain.resolution;

import java.util.List;

/**
 * A Client Workload as the resolver sees it at one revision: the immutable copy a {@link ConfigurationSnapshot} holds.
 * A workload that lists client IDs pins them: a request its redirect URI matches must present one of them (step 2a).
 */
public record ClientWorkloadSnapshot(long id, String name, boolean active, List<String> redirectUris,
        List<String> clientIds) {

    public ClientWorkloadSnapshot {
        redirectUris = Copies.withoutNulls(redirectUris);
        clientIds = Copies.withoutNulls(clientIds);
    }

    /** A workload identified by redirect URIs alone. */
    public ClientWorkloadSnapshot(long id, String name, boolean active, List<String> redirectUris) {
        this(id, name, active, redirectUris, List.of());
    }
}
