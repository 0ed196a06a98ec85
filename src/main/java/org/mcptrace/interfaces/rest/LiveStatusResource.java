package org.mcptrace.interfaces.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.mcptrace.interfaces.push.LiveTracesPush;
import org.mcptrace.domain.access.Role;

/**
 * Where the live view stands, for a console checking that its push still keeps up: it compares the head with the
 * sequence its last message brought. Cheap enough for every open console to ask every few seconds.
 */
@Path("v1/traces/live")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.OPERATOR_ROLE, Role.VIEWER_ROLE})
public class LiveStatusResource {

    @Inject
    LiveTracesPush push;

    @GET
    @Operation(summary = "The newest entry sequence consoles are pushed up to, and the state of the push")
    public String status() {
        return Json.createObjectBuilder()
                .add("head", push.head())
                .add("pushes", push.pushes())
                .add("viewers", push.viewers())
                .add("unpushedMilliseconds", push.stalledMillis())
                .build().toString();
    }
}
