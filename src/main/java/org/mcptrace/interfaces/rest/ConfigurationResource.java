package org.mcptrace.interfaces.rest;

import jakarta.annotation.security.RolesAllowed;
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
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.mcptrace.application.ConfigurationService;
import org.mcptrace.domain.access.Role;
import org.mcptrace.domain.configuration.ConfigurationObject;

/**
 * What the resources of Client Workloads, Server Workloads and Access Policies do alike: list, create, read, replace
 * and delete, each object as its JSON record {@code J}. A subclass names its path and turns a record into a creation
 * or an update.
 * <p>
 * An annotation here cannot differ by subclass, so what the OpenAPI document says of each kind (the summaries, the
 * request and response bodies of a read and a replace, what a 201, 404 or 409 means for it) is written in
 * src/openapi/openapi.yaml. The build merges that file with these annotations (pom.xml), so a response listed here
 * without a description takes the file's.
 */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public abstract class ConfigurationResource<T extends ConfigurationObject, J extends ConfigurationResource.Body> {

    /** What the resource reads of any record: the id, which must agree with the URL's. */
    public interface Body {
        Long id();
    }

    @Context
    UriInfo uriInfo;

    private final Function<T, J> json;
    private final Function<String, J> read;

    ConfigurationResource(Function<T, J> json, Function<String, J> read) {
        this.json = json;
        this.read = read;
    }

    abstract ConfigurationService<T> service();

    abstract T createFrom(J in);

    abstract T updateFrom(long id, J in);

    @GET
    @RolesAllowed({Role.OPERATOR_ROLE, Role.VIEWER_ROLE})
    public List<J> list() {
        return service().all().stream().map(json).toList();
    }

    @POST
    @RolesAllowed(Role.OPERATOR_ROLE)
    @APIResponse(responseCode = "201")
    @APIResponse(responseCode = "400", description = "Invalid; 'field' names the member at fault")
    @APIResponse(responseCode = "409")
    public Response create(String body) {
        T created = createFrom(read.apply(body));
        return Response.created(uriInfo.getAbsolutePathBuilder().path(String.valueOf(created.getId())).build())
                .entity(json.apply(created)).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Role.OPERATOR_ROLE, Role.VIEWER_ROLE})
    @APIResponse(responseCode = "404")
    public J read(@PathParam("id") long id) {
        return json.apply(service().get(id));
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @APIResponse(responseCode = "409")
    public J update(@PathParam("id") long id, String body) {
        J in = read.apply(body);
        // an id in the body that disagrees with the URL is a client bug that must not update the wrong object
        if (in.id() != null && in.id() != id) {
            throw JsonBody.invalid("id", "The body's id " + in.id() + " differs from the id " + id + " in the URL.");
        }
        return json.apply(updateFrom(id, in));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Role.OPERATOR_ROLE)
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") long id) {
        service().delete(id);
        return Response.noContent().build();
    }
}
