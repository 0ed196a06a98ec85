package org.mcptrace.application;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;
import org.mcptrace.application.ConfigurationRejected.Kind;
import org.mcptrace.domain.configuration.AccessPolicy;
import org.mcptrace.domain.configuration.ClientWorkload;
import org.mcptrace.domain.configuration.ServerWorkload;

/** Access Policies for the REST API and the screens alike: at most one policy per pair of workloads. */
@ApplicationScoped
public class AccessPolicyService extends ConfigurationService<AccessPolicy> {

    public AccessPolicyService() {
        super(AccessPolicy.class, "Access Policy", AuditTrail::json);
    }

    public AccessPolicy create(String name, Long clientWorkloadId, Long serverWorkloadId, Boolean active) {
        return created(() -> apply(new AccessPolicy("", null, null, true), null, name, clientWorkloadId,
                serverWorkloadId, ConfigurationChanges.activeOrDefault(active)));
    }

    public AccessPolicy update(long id, Integer version, String name, Long clientWorkloadId, Long serverWorkloadId,
            Boolean active) {
        return changed("update", id, version, policy -> apply(policy, policy.getId(), name, clientWorkloadId,
                serverWorkloadId, active));
    }

    private AccessPolicy apply(AccessPolicy policy, Long self, String name, Long clientWorkloadId,
            Long serverWorkloadId, Boolean active) {
        String cleanName = ConfigurationChanges.name(name);
        ClientWorkload client = workload(ClientWorkload.class, "clientWorkloadId", "Client Workload",
                ConfigurationChanges.CLIENT_WORKLOAD_REQUIRED, clientWorkloadId);
        ServerWorkload server = workload(ServerWorkload.class, "serverWorkloadId", "Server Workload",
                ConfigurationChanges.SERVER_WORKLOAD_REQUIRED, serverWorkloadId);
        boolean isActive = ConfigurationChanges.required(active);
        for (AccessPolicy other : all()) {
            if (Objects.equals(other.getId(), self)) {
                continue;
            }
            ConfigurationChanges.uniqueName(kind(), cleanName, other);
            if (other.getClientWorkload().getId().equals(client.getId())
                    && other.getServerWorkload().getId().equals(server.getId())) {
                throw ConfigurationRejected.conflict("serverWorkloadId", "Access Policy '" + other.getName()
                        + "' already connects Client Workload '" + client.getName() + "' to Server Workload '"
                        + server.getName() + "'; there is at most one policy per pair.");
            }
        }
        policy.change(cleanName, client, server, isActive);
        return policy;
    }

    private <W> W workload(Class<W> type, String field, String kind, String required, Long id) {
        if (id == null) {
            throw ConfigurationRejected.invalid(field, required);
        }
        W workload = em.find(type, id);
        if (workload == null) {
            throw ConfigurationRejected.invalid(field, "There is no " + kind + " with id " + id + ".");
        }
        return workload;
    }

    /** Refuses deleting a workload that policies still connect. */
    static void refuseIfUsed(String kind, String name, List<AccessPolicy> users) {
        if (!users.isEmpty()) {
            String names = String.join(", ", users.stream().map(p -> "'" + p.getName() + "'").toList());
            throw new ConfigurationRejected(Kind.IN_USE, null, kind + " '" + name + "' is used by Access Polic"
                    + (users.size() == 1 ? "y " : "ies ") + names + "; delete or change "
                    + (users.size() == 1 ? "that policy" : "those policies") + " first.");
        }
    }
}
