package org.mcptrace.interfaces.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.mcptrace.application.AccessPolicyService;
import org.mcptrace.domain.access.Role;

@Path("v1/access-policies")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.OPERATOR_ROLE, Role.VIEWER_ROLE})
public class AccessPoliciesResource {

    @Inject
    AccessPolicyService service;

    @Context
    UriInfo uriInfo;

    @GET
    @Operation(summary = "List Access Policies by name")
    public List<AccessPolicyJson> list() {
        return service.all().stream().map(AccessPolicyJson::of).toList();
    }

    @RolesAllowed(Role.OPERATOR_ROLE)
    @POST
    @Operation(summary = "Create an Access Policy")
    @APIResponse(responseCode = "201", description = "Created; Location names the new policy")
    @APIResponse(responseCode = "400", description = "Invalid; 'field' names the member at fault")
    @APIResponse(responseCode = "409", description = "Name already used, or the pair already has a policy")
    public Response create(@RequestBody(content = @Content(schema = @Schema(implementation = AccessPolicyJson.class)))
                           String body) {
        AccessPolicyJson in = AccessPolicyJson.read(body);
        AccessPolicyJson created = AccessPolicyJson.of(service.create(in.name(),
                in.clientWorkloadId(), in.serverWorkloadId(), in.active()));
        return Response.created(uriInfo.getAbsolutePathBuilder().path(String.valueOf(created.id())).build())
                .entity(created).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Read an Access Policy")
    @APIResponse(responseCode = "200", description = "The Access Policy")
    @APIResponse(responseCode = "404", description = "No such policy")
    public AccessPolicyJson read(@PathParam("id") long id) {
        return AccessPolicyJson.of(service.get(id));
    }

    @RolesAllowed(Role.OPERATOR_ROLE)
    @PUT
    @Path("{id}")
    @Operation(summary = "Replace an Access Policy; the body carries the version it was read at")
    @APIResponse(responseCode = "200", description = "The Access Policy as stored, with its new version")
    @APIResponse(responseCode = "409", description = "Stale version, name used, or the pair already has a policy")
    public AccessPolicyJson update(@PathParam("id") long id,
                                     @RequestBody(content = @Content(schema = @Schema(implementation = AccessPolicyJson.class)))
                                     String body) {
        AccessPolicyJson in = AccessPolicyJson.read(body);
        Ids.sameAsPath(in.id(), id);
        return AccessPolicyJson.of(service.update(id, in.version(), in.name(), in.clientWorkloadId(),
                in.serverWorkloadId(), in.active()));
    }

    @RolesAllowed(Role.OPERATOR_ROLE)
    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete an Access Policy")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") long id) {
        service.delete(id);
        return Response.noContent().build();
    }
}
