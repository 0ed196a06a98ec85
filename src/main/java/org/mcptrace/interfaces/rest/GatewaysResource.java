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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.mcptrace.application.Caller;
import org.mcptrace.application.GatewayRegistry;
import org.mcptrace.domain.gateway.Gateway;
import org.mcptrace.domain.gateway.GatewayMode;
import org.mcptrace.domain.access.Role;

/** Gateways allowed to report. The token is answered once, at registration, and stored only as a hash. */
@Path("v1/gateways")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.OPERATOR_ROLE, Role.VIEWER_ROLE})
public class GatewaysResource {

    @Inject
    GatewayRegistry gateways;

    @Inject
    Caller caller;

    @Context
    UriInfo uriInfo;

    @GET
    @Operation(summary = "List gateways with last-seen time and request count (never a token)")
    public List<GatewayJson> list() {
        return gateways.list().stream().map(g -> GatewayJson.of(g, null)).toList();
    }

    @RolesAllowed(Role.OPERATOR_ROLE)
    @POST
    @Operation(summary = "Register a gateway", description = "Body {\"name\", \"mode\", \"trustedProxies\"}; mode is "
            + "observe (default: forward auth always lets the request through) or enforce (forward auth refuses denied "
            + "entries with 403); trustedProxies (default 0, at most 10) is how many proxies in front of the gateway add "
            + "their own X-Forwarded-For entry. The answer holds the token: keep it, it is never shown again.")
    @APIResponse(responseCode = "201", description = "Registered; the body holds id, name and token")
    @APIResponse(responseCode = "400", description = "A member missing, unknown or of the wrong type or range")
    @APIResponse(responseCode = "409", description = "The name is taken")
    public Response register(String body) {
        JsonBody json = JsonBody.parse(body, Set.of("name", "mode", "trustedProxies"));
        String name = json.string("name");
        if (name == null) {
            throw JsonBody.invalid("name", "name is required and must be a string.");
        }
        GatewayRegistry.Registered registered = gateways.register(caller, name, forwarding(json,
                GatewayRegistry.Forwarding.DEFAULT.mode(), GatewayRegistry.Forwarding.DEFAULT.trustedProxies()));
        return Response.created(uriInfo.getAbsolutePathBuilder().path(String.valueOf(registered.gateway().id())).build())
                .header("Cache-Control", "no-store").entity(GatewayJson.of(registered.gateway(), registered.token()))
                .build();
    }

    @RolesAllowed(Role.OPERATOR_ROLE)
    @PUT
    @Path("{id}")
    @Operation(summary = "Change a gateway's forward-auth mode or trusted proxies",
            description = "Body {\"mode\", \"trustedProxies\"}; a member left out keeps its value. The next "
                    + "forward-auth call of the gateway is answered accordingly. The name and token do not change.")
    @APIResponse(responseCode = "200", description = "Changed; the gateway as listed")
    @APIResponse(responseCode = "404", description = "No such gateway")
    public GatewayJson configure(@PathParam("id") long id, String body) {
        JsonBody json = JsonBody.parse(body, Set.of("mode", "trustedProxies"));
        GatewayRegistry.Listed current = gateways.list().stream().filter(g -> g.id() == id).findFirst()
                .orElseThrow(() -> new ProblemException(404, "Not found", "There is no gateway with id " + id + ".", "id"));
        return GatewayJson.of(gateways.configure(caller, id, forwarding(json, current.mode(), current.trustedProxies())),
                null);
    }

    private static GatewayRegistry.Forwarding forwarding(JsonBody json, GatewayMode mode, int trustedProxies) {
        if (json.has("mode")) {
            mode = GatewayMode.of(json.string("mode"));
            if (mode == null) {
                throw JsonBody.invalid("mode", "mode must be \"observe\" or \"enforce\".");
            }
        }
        Integer proxies = json.integer("trustedProxies");
        if (proxies != null) {
            if (proxies < 0 || proxies > Gateway.TRUSTED_PROXIES_MAX) {
                throw JsonBody.invalid("trustedProxies", "trustedProxies must be between 0 and "
                        + Gateway.TRUSTED_PROXIES_MAX + ".");
            }
            trustedProxies = proxies;
        }
        return new GatewayRegistry.Forwarding(mode, trustedProxies);
    }

    @RolesAllowed(Role.OPERATOR_ROLE)
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
