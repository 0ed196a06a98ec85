package org.mcptrace.interfaces.rest;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.mcptrace.domain.configuration.ServerWorkload;

@JsonbPropertyOrder({"id", "name", "description", "resourceUrl", "active", "version"})
public record ServerWorkloadJson(Long id, String name, String description, String resourceUrl, Boolean active,
                                 Integer version) implements ConfigurationResource.Body {

    static ServerWorkloadJson of(ServerWorkload workload) {
        return new ServerWorkloadJson(workload.getId(), workload.getName(), workload.getDescription(),
                workload.getResourceUrl(), workload.isActive(), workload.getVersion());
    }

    static ServerWorkloadJson read(String body) {
        JsonBody json = JsonBody.parse(body, ServerWorkloadJson.class);
        return new ServerWorkloadJson(json.id("id"), json.string("name"), json.string("description"),
                json.string("resourceUrl"), json.bool("active"), json.integer("version"));
    }
}
