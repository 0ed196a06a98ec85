package org.mcptrace.interfaces.rest;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import java.util.Set;
import org.mcptrace.domain.configuration.ClientWorkload;

@JsonbPropertyOrder({"id", "name", "description", "redirectUris", "active", "version"})
public record ClientWorkloadJson(Long id, String name, String description, List<String> redirectUris, Boolean active,
                                 Integer version) {

    private static final Set<String> MEMBERS = Set.of("id", "name", "description", "redirectUris", "active", "version");

    static ClientWorkloadJson of(ClientWorkload workload) {
        return new ClientWorkloadJson(workload.getId(), workload.getName(), workload.getDescription(),
                workload.getRedirectUris(), workload.isActive(), workload.getVersion());
    }

    static ClientWorkloadJson read(String body) {
        JsonBody json = JsonBody.parse(body, MEMBERS);
        return new ClientWorkloadJson(json.id("id"), json.string("name"), json.string("description"),
                json.strings("redirectUris"), json.bool("active"), json.integer("version"));
    }
}
