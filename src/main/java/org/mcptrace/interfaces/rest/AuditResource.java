package org.mcptrace.interfaces.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.mcptrace.application.AuditTrail;
import org.mcptrace.domain.audit.AuditRecord;
import org.mcptrace.domain.access.Role;

/** The audit trail, newest first. Before and after are the object's JSON as text, exactly as recorded. */
@Path("v1/audit")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.OPERATOR_ROLE, Role.VIEWER_ROLE})
public class AuditResource {

    public record AuditJson(long id, Instant at, String actor, String action, String objectKind, Long objectId,
                            String objectName, String before, String after) {
        static AuditJson of(AuditRecord r) {
            return new AuditJson(r.getId(), r.getAt(), r.getActor(), r.getAction(), r.getObjectKind(), r.getObjectId(),
                    r.getObjectName(), r.getBefore(), r.getAfter());
        }
    }

    @Inject
    AuditTrail audit;

    @GET
    @Operation(summary = "Configuration changes and gateway registrations, newest first (at most 1,000)")
    public List<AuditJson> list(@QueryParam("limit") @Parameter(description = "how many records, 1 to 1,000",
            schema = @Schema(type = SchemaType.INTEGER, defaultValue = "200")) String limit) {
        return audit.newest(QueryParameters.whole("limit", limit, 200, 1, AuditTrail.MAX_LIMIT)).stream().map(AuditJson::of)
                .toList();
    }
}
