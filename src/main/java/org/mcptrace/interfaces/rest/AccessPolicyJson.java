package org.mcptrace.interfaces.rest;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.mcptrace.domain.configuration.AccessPolicy;

/** The workload names are read-only conveniences; only the ids are read on input. */
@JsonbPropertyOrder({"id", "name", "clientWorkloadId", "clientWorkloadName", "serverWorkloadId", "serverWorkloadName",
        "active", "version"})
public record AccessPolicyJson(Long id, String name, Long clientWorkloadId, String clientWorkloadName,
                               Long serverWorkloadId, String serverWorkloadName, Boolean active, Integer version)
        implements ConfigurationResource.Body {

    static AccessPolicyJson of(AccessPolicy policy) {
        return new AccessPolicyJson(policy.getId(), policy.getName(), policy.getClientWorkload().getId(),
                policy.getClientWorkload().getName(), policy.getServerWorkload().getId(),
                policy.getServerWorkload().getName(), policy.isActive(), policy.getVersion());
    }

    static AccessPolicyJson read(String body) {
        JsonBody json = JsonBody.parse(body, AccessPolicyJson.class);
        // the names are tolerated, so that a document read with GET can be sent back with PUT, if they are strings
        json.string("clientWorkloadName");
        json.string("serverWorkloadName");
        return new AccessPolicyJson(json.id("id"), json.string("name"), json.id("clientWorkloadId"), null,
                json.id("serverWorkloadId"), null, json.bool("active"), json.integer("version"));
    }
}
