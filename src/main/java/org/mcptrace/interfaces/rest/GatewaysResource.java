package org.mcptrace.interfaces.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.mcptrace.application.Caller;
import org.mcptrace.application.Gateways;

/** Gateways allowed to report. The token is answered once, at registration, and stored only as a hash. */
@Path("v1/gateways")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class GatewaysResource {

    @Inject
    Gateways gateways;

    @Inject
    Caller caller;

    @Context
    UriInfo uriInfo;

    @GET
    @Operation(summary = "List gateways with last-seen time and request count (never a token)")
    public List<GatewayJson> list() {
        return gateways.list().stream().map(g -> GatewayJson.of(g, null)).toList();
    }

    @POST
    @Operation(summary = "Register a gateway", description = "Body {\"name\"}. The answer holds the token: keep it, it "
            + "is never shown again.")
    @APIResponse(responseCode = "201", description = "Registered; the body holds id, name and token")
    @APIResponse(responseCode = "409", description = "The name is taken")
    public Response register(String body) {
        JsonValue value = AuthorizationReports.parse(body, 4096);
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new ProblemException(400, "Invalid gateway", "Send {\"name\": \"…\"}.", "body");
        }
        JsonObject object = value.asJsonObject();
        for (String key : object.keySet()) {
            if (!key.equals("name")) {
                throw new ProblemException(400, "Invalid gateway", "Unknown member '" + key + "'; only name is accepted.",
                        key);
            }
        }
        JsonValue name = object.get("name");
        if (name == null || name.getValueType() != JsonValue.ValueType.STRING) {
            throw new ProblemException(400, "Invalid gateway", "name is required and must be a string.", "name");
        }
        Gateways.Registered registered = gateways.register(caller, object.getString("name"));
        return Response.created(uriInfo.getAbsolutePathBuilder().path(String.valueOf(registered.gateway().id())).build())
                .header("Cache-Control", "no-store").entity(GatewayJson.of(registered.gateway(), registered.token()))
                .build();
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Revoke a gateway: its token stops working at once")
    public GatewayJson revoke(@PathParam("id") long id) {
        return GatewayJson.of(gateways.revoke(caller, id), null);
    }

    @GET
    @Path("rejections")
    @Operation(summary = "Reports refused since start, by reason")
    public Map<String, Long> rejections() {
        Map<String, Long> counts = new LinkedHashMap<>();
        gateways.rejections().forEach((reason, n) -> counts.put(reason.name().toLowerCase().replace('_', '-'), n));
        return counts;
    }
}
