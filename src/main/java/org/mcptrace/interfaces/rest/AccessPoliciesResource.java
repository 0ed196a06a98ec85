package org.mcptrace.interfaces.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import org.mcptrace.application.AccessPolicyService;
import org.mcptrace.application.ConfigurationService;
import org.mcptrace.domain.configuration.AccessPolicy;

@Path("v1/access-policies")
@RequestScoped
public class AccessPoliciesResource extends ConfigurationResource<AccessPolicy, AccessPolicyJson> {

    @Inject
    AccessPolicyService service;

    public AccessPoliciesResource() {
        super(AccessPolicyJson::of, AccessPolicyJson::read);
    }

    @Override
    ConfigurationService<AccessPolicy> service() {
        return service;
    }

    @Override
    AccessPolicy createFrom(AccessPolicyJson in) {
        return service.create(in.name(), in.clientWorkloadId(), in.serverWorkloadId(), in.active());
    }

    @Override
    AccessPolicy updateFrom(long id, AccessPolicyJson in) {
        return service.update(id, in.version(), in.name(), in.clientWorkloadId(), in.serverWorkloadId(), in.active());
    }
}
