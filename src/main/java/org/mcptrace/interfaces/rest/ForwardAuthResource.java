package org.mcptrace.interfaces.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.mcptrace.application.AuthorizationReported;
import org.mcptrace.application.GatewayRegistry;
import org.mcptrace.domain.resolution.AuthorizationRequest;
import org.mcptrace.domain.resolution.Decision;
import org.mcptrace.domain.resolution.Finding;
import org.mcptrace.domain.resolution.Severity;
import org.mcptrace.domain.trace.AuthorizationReport;
import org.mcptrace.domain.trace.TraceEntry;
import org.mcptrace.domain.access.Role;

/**
 * The decision point a reverse proxy calls before it lets a request through to an authorization server (nginx
 * {@code auth_request}, Caddy {@code forward_auth}, Traefik ForwardAuth, Envoy {@code ext_authz}, agentgateway
 * {@code extAuthz}). An authorization request is resolved exactly as a report with {@code authorizationQuery} is, and
 * traced; everything else the same proxy rule sends is let through untraced. It runs inline on every login, so it
 * does what a report does and nothing more: no database, one resolution, headers only on the way out.
 *
 * <p>Every method answers, at the prefix and at any path below it: Envoy and agentgateway call with the original
 * method and put the original path below the prefix. {@link ApiAccess} hands all of those to the two operations the
 * OpenAPI document lists (which say so), rather than a method each here that the document would have to hide.
 */
@ApplicationScoped
@Path("v1/forward-auth")
@RolesAllowed(Role.GATEWAY_ROLE)
public class ForwardAuthResource {

    static final String SEVERITY = "X-Mcptrace-Severity";
    static final String DECISION = "X-Mcptrace-Decision";
    static final String ENTRY = "X-Mcptrace-Entry";
    private static final String DESCRIPTION = "Called by a reverse proxy with the gateway's token in X-Mcptrace-Token "
            + "(401 without it). Any method, here or at any path below (/api/v1/forward-auth/authorize?…). The original "
            + "request is read from X-Forwarded-Uri, else X-Original-URI, else the path and query below this prefix; "
            + "its method from X-Forwarded-Method or X-Original-Method. A GET or POST whose query carries response_type, "
            + "redirect_uri or client_id is resolved and traced like a report with authorizationQuery; the client IP is "
            + "the last X-Forwarded-For entry (minus the gateway's trusted proxies), else X-Real-IP, else the caller. "
            + "Anything else is answered 200 and not traced. An observe gateway always gets 200; an enforce gateway gets "
            + "403 for a denied entry, naming the finding (text/plain, or application/problem+json when accepted). "
            + "Traced answers carry X-Mcptrace-Severity, X-Mcptrace-Decision and X-Mcptrace-Entry.";

    @Inject
    Event<AuthorizationReported> reported;

    @Inject
    GatewayRegistry gateways;

    // a field, not a parameter of each method: for a @Context parameter RESTEasy builds a new proxy on every call
    // (docs/performance.md, "Where a report's CPU goes")
    @Context
    HttpServletRequest request;

    @GET
    @Operation(summary = "Forward auth: let the proxied request through, or refuse it", description = DESCRIPTION)
    @Parameter(name = "X-Mcptrace-Token", in = ParameterIn.HEADER, schema = @Schema(type = SchemaType.STRING),
            required = true, description = "The gateway's token")
    @Parameter(name = "X-Forwarded-Uri", in = ParameterIn.HEADER, schema = @Schema(type = SchemaType.STRING),
            description = "The original request's path and query")
    @Parameter(name = "X-Original-URI", in = ParameterIn.HEADER, schema = @Schema(type = SchemaType.STRING),
            description = "The same, as nginx configurations name it")
    @Parameter(name = "X-Forwarded-For", in = ParameterIn.HEADER, schema = @Schema(type = SchemaType.STRING),
            description = "The client address, last entry")
    @APIResponse(responseCode = "200", description = "Let it through: not an authorization request, observe mode, or "
            + "allowed. Traced answers carry X-Mcptrace-Severity, X-Mcptrace-Decision and X-Mcptrace-Entry.")
    @APIResponse(responseCode = "401", description = "Missing, unknown or revoked gateway token; nothing traced")
    @APIResponse(responseCode = "403", description = "Enforce mode, and the entry is denied: the body names the finding")
    public Response get() {
        return decide();
    }

    @POST
    @Operation(summary = "Forward auth, for proxies that call with the original method", description = DESCRIPTION)
    @APIResponse(responseCode = "200", description = "As for GET")
    @APIResponse(responseCode = "403", description = "As for GET")
    public Response post() {
        return decide();
    }

    private Response decide() {
        String gateway = ApiAccess.gateway(request);
        String query = ForwardedRequest.query(request.getHeader("X-Forwarded-Uri"), request.getHeader("X-Original-URI"),
                request.getQueryString());
        String method = ForwardedRequest.method(request.getHeader("X-Forwarded-Method"),
                request.getHeader("X-Original-Method"), request.getMethod());
        if (!ForwardedRequest.isAuthorizationRequest(method, query)) {
            gateways.passed(gateway);
            return Response.ok().header("Cache-Control", "no-store").build();
        }
        GatewayRegistry.Forwarding forwarding = gateways.forwarding(gateway);
        String clientIp = ForwardedRequest.clientIp(ForwardedRequest.all(request.getHeaders("X-Forwarded-For")),
                request.getHeader("X-Real-IP"), request.getRemoteAddr(), forwarding.trustedProxies());
        AuthorizationReport report = new AuthorizationReport(Instant.now().truncatedTo(ChronoUnit.MILLIS), gateway,
                ForwardedRequest.clipped(request.getHeader("X-Request-Id")), clientIp, AuthorizationRequest.fromQuery(query));
        gateways.seen(gateway, 1);
        AuthorizationReported event = AuthorizationReported.traffic(report);
        reported.fire(event);
        TraceEntry entry = event.entry();
        Response.ResponseBuilder answer;
        if (forwarding.enforcing() && entry.getDecision() == Decision.DENIED) {
            gateways.refused(gateway);
            answer = refusal(entry, request.getHeader("Accept"));
        } else {
            answer = Response.ok();
        }
        return answer.header(SEVERITY, entry.getSeverity().name()).header(DECISION, entry.getDecision().name())
                .header(ENTRY, entry.getId()).header("Cache-Control", "no-store").build();
    }

    /**
     * A short answer that a proxy may show the browser as it is: what was refused and which entry explains it. Never a
     * redirect: the redirect URI is exactly what may not be trusted.
     */
    static Response.ResponseBuilder refusal(TraceEntry entry, String accept) {
        Finding finding = firstError(entry);
        String code = finding == null ? "DENIED" : finding.code().name();
        String detail = finding == null ? "No Access Policy allows this request." : Problem.oneLine(finding.message());
        if (accept != null && (accept.contains(Problem.MEDIA_TYPE) || accept.contains(MediaType.APPLICATION_JSON))) {
            String json = Json.createObjectBuilder().add("type", "urn:mcptrace:problem:authorization-denied")
                    .add("title", "Authorization request denied").add("status", 403).add("detail", detail)
                    .add("finding", code).add("entry", entry.getId()).build().toString();
            return Response.status(403).type(Problem.PROBLEM_JSON).entity(json);
        }
        String text = "Authorization request denied by mcptrace: " + detail + "\nFinding: " + code + "\nEntry: "
                + entry.getId() + "\n";
        return Response.status(403).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity(text);
    }

    private static Finding firstError(TraceEntry entry) {
        for (Finding finding : entry.getFindings()) {
            if (finding.severity() == Severity.ERROR) {
                return finding;
            }
        }
        return null;
    }
}
