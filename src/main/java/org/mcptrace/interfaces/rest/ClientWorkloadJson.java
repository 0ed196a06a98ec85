package org.mcptrace.interfaces.rest;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.mcptrace.domain.configuration.ClientWorkload;

/**
 * A Client Workload in the API. {@code clientIds} sits beside {@code redirectUris}; a body without it is the shape
 * from before client IDs existed: it creates a workload without any, and an update keeps the ones it has.
 */
@JsonbPropertyOrder({"id", "name", "description", "redirectUris", "clientIds", "active", "version"})
public record ClientWorkloadJson(Long id, String name, String description,
                                 @Schema(description = "Registered redirect URIs; may be empty when clientIds is not")
                                 List<String> redirectUris,
                                 @Schema(description = "Client IDs: Client ID Metadata Document URLs or pre-registered "
                                         + "IDs, compared exactly. Absent on update: the workload keeps its client IDs")
                                 List<String> clientIds,
                                 Boolean active, Integer version)
        implements ConfigurationResource.Body {

    static ClientWorkloadJson of(ClientWorkload workload) {
        return new ClientWorkloadJson(workload.getId(), workload.getName(), workload.getDescription(),
                workload.getRedirectUris(), workload.getClientIds(), workload.isActive(), workload.getVersion());
    }

    static ClientWorkloadJson read(String body) {
        JsonBody json = JsonBody.parse(body, ClientWorkloadJson.class);
        return new ClientWorkloadJson(json.id("id"), json.string("name"), json.string("description"),
                json.strings("redirectUris"), json.strings("clientIds"), json.bool("active"),
                json.integer("version"));
    }
}
