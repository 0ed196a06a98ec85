package org.mcptrace.interfaces.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import org.mcptrace.application.ConfigurationService;
import org.mcptrace.application.ServerWorkloadService;
import org.mcptrace.domain.configuration.ServerWorkload;

@Path("v1/server-workloads")
@RequestScoped
public class ServerWorkloadsResource extends ConfigurationResource<ServerWorkload, ServerWorkloadJson> {

    @Inject
    ServerWorkloadService service;

    public ServerWorkloadsResource() {
        super(ServerWorkloadJson::of, ServerWorkloadJson::read);
    }

    @Override
    ConfigurationService<ServerWorkload> service() {
        return service;
    }

    @Override
    ServerWorkload createFrom(ServerWorkloadJson in) {
        return service.create(in.name(), in.description(), in.resourceUrl(), in.active());
    }

    @Override
    ServerWorkload updateFrom(long id, ServerWorkloadJson in) {
        return service.update(id, in.version(), in.name(), in.description(), in.resourceUrl(), in.active());
    }
}
