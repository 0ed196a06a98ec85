package org.mcptrace.interfaces.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.mcptrace.application.ConfigurationChanges;
import org.mcptrace.domain.access.Role;

@Path("v1/config/revision")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.OPERATOR_ROLE, Role.VIEWER_ROLE})
public class ConfigRevisionResource {

    @Inject
    ConfigurationChanges configuration;

    @GET
    @Operation(summary = "The configuration revision; it grows by one with every successful change")
    public RevisionJson revision() {
        return new RevisionJson(configuration.revision());
    }
}
