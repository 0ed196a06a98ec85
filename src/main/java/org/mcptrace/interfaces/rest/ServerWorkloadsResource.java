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
import org.mcptrace.application.ServerWorkloadService;
import org.mcptrace.domain.access.Role;

@Path("v1/server-workloads")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.OPERATOR_ROLE, Role.VIEWER_ROLE})
public class ServerWorkloadsResource {

    @Inject
    ServerWorkloadService service;

    @Context
    UriInfo uriInfo;

    @GET
    @Operation(summary = "List Server Workloads by name")
    public List<ServerWorkloadJson> list() {
        return service.all().stream().map(ServerWorkloadJson::of).toList();
    }

    @RolesAllowed(Role.OPERATOR_ROLE)
    @POST
    @Operation(summary = "Create a Server Workload")
    @APIResponse(responseCode = "201", description = "Created; Location names the new workload")
    @APIResponse(responseCode = "400", description = "Invalid; 'field' names the member at fault")
    @APIResponse(responseCode = "409", description = "Name or resource URL already used by another workload")
    public Response create(@RequestBody(content = @Content(schema = @Schema(implementation = ServerWorkloadJson.class)))
                           String body) {
        ServerWorkloadJson in = ServerWorkloadJson.read(body);
        ServerWorkloadJson created = ServerWorkloadJson.of(service.create(in.name(),
                in.description(), in.resourceUrl(), in.active()));
        return Response.created(uriInfo.getAbsolutePathBuilder().path(String.valueOf(created.id())).build())
                .entity(created).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Read a Server Workload")
    @APIResponse(responseCode = "200", description = "The Server Workload")
    @APIResponse(responseCode = "404", description = "No such workload")
    public ServerWorkloadJson read(@PathParam("id") long id) {
        return ServerWorkloadJson.of(service.get(id));
    }

    @RolesAllowed(Role.OPERATOR_ROLE)
    @PUT
    @Path("{id}")
    @Operation(summary = "Replace a Server Workload; the body carries the version it was read at")
    @APIResponse(responseCode = "200", description = "The Server Workload as stored, with its new version")
    @APIResponse(responseCode = "409", description = "Stale version, or name or resource URL used elsewhere")
    public ServerWorkloadJson update(@PathParam("id") long id,
                                     @RequestBody(content = @Content(schema = @Schema(implementation = ServerWorkloadJson.class)))
                                     String body) {
        ServerWorkloadJson in = ServerWorkloadJson.read(body);
        Ids.sameAsPath(in.id(), id);
        return ServerWorkloadJson.of(service.update(id, in.version(), in.name(), in.description(),
                in.resourceUrl(), in.active()));
    }

    @RolesAllowed(Role.OPERATOR_ROLE)
    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a Server Workload")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "409", description = "Access Policies still use it; the problem names them")
    public Response delete(@PathParam("id") long id) {
        service.delete(id);
        return Response.noContent().build();
    }
}
