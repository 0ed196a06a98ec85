package org.mcptrace.interfaces.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import org.mcptrace.application.ClientWorkloadService;
import org.mcptrace.application.ConfigurationService;
import org.mcptrace.domain.configuration.ClientWorkload;

@Path("v1/client-workloads")
@RequestScoped
public class ClientWorkloadsResource extends ConfigurationResource<ClientWorkload, ClientWorkloadJson> {

    @Inject
    ClientWorkloadService service;

    public ClientWorkloadsResource() {
        super(ClientWorkloadJson::of, ClientWorkloadJson::read);
    }

    @Override
    ConfigurationService<ClientWorkload> service() {
        return service;
    }

    @Override
    ClientWorkload createFrom(ClientWorkloadJson in) {
        return service.create(in.name(), in.description(), in.redirectUris(), in.clientIds(), in.active());
    }

    @Override
    ClientWorkload updateFrom(long id, ClientWorkloadJson in) {
        return service.update(id, in.version(), in.name(), in.description(), in.redirectUris(), in.clientIds(),
                in.active());
    }
}
