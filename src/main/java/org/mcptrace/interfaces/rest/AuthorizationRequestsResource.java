package org.mcptrace.interfaces.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;
import org.mcptrace.application.GatewayRegistry;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.mcptrace.application.AuthorizationReported;
import org.mcptrace.domain.trace.AuthorizationReport;
import org.mcptrace.domain.trace.TraceEntry;
import org.mcptrace.domain.access.Role;

/**
 * Where gateways report the authorization requests they receive.
 *
 * <p>One instance for the application rather than one per request: every report would otherwise pay for creating the
 * resource and injecting its fields, and each fresh {@code Event} would resolve its observers again.
 */
@ApplicationScoped
@Path(AuthorizationRequestsResource.REPORTS)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.GATEWAY_ROLE)
public class AuthorizationRequestsResource {

    static final String REPORTS = "v1/authorization-requests";

    @Inject
    Event<AuthorizationReported> reported;

    @Inject
    GatewayRegistry gateways;

    @Inject
    EntryJsonCache json;

    // fields, not parameters of the methods: for a @Context parameter RESTEasy builds a new proxy on every call, about a
    // twentieth of a report's server CPU (docs/performance.md, "Where a report's CPU goes"); uri only for a location
    // the request's URL does not give
    @Context
    UriInfo uri;

    @Context
    HttpServletRequest request;

    @POST
    @Operation(summary = "Report one authorization request",
            description = "Resolves the request against the current configuration and answers the trace entry. A report "
                    + "whose redirect URI or resource is missing or malformed is still traced, as an Error entry.")
    @APIResponse(responseCode = "201", description = "Traced; Location names the entry")
    @APIResponse(responseCode = "400", description = "Not JSON, a member of the wrong type, or a bad clientIp")
    public Response report(String body) {
        String gateway = ApiAccess.gateway(request);
        AuthorizationReport report = counted(() -> AuthorizationReports.one(
                AuthorizationReports.parse(body, AuthorizationReports.MAX_BODY), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                gateway));
        gateways.seen(gateway, 1);
        TraceEntry entry = trace(report);
        return Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, location(entry.getId()))
                .entity(json.json(entry)).build();
    }

    /**
     * The entry's address, absolute, on the address the gateway called. Written as text from the servlet request's URL:
     * {@code UriInfo.getBaseUri()} parses its own text into a new URI on every call and {@code Response.created} parses
     * the location again, together 2% of a report's server CPU (docs/performance.md, "Where a report's CPU goes").
     * Ids are letters, digits and a hyphen, so nothing needs encoding.
     */
    private String location(String id) {
        StringBuffer url = request.getRequestURL();
        int at = url.lastIndexOf(REPORTS);
        if (at < 0) {
            // an escaped spelling of the path that JAX-RS decoded to this resource: the slow way
            return uri.getBaseUri() + "v1/traces/" + id;
        }
        url.setLength(at);
        return url.append("v1/traces/").append(id).toString();
    }

    @POST
    @Path("batch")
    @Operation(summary = "Report up to 1,000 authorization requests at once",
            description = "All-or-nothing for structure: if any item is structurally bad, nothing is traced and the problem "
                    + "names the item, e.g. [3].clientIp. A well-formed item whose URIs do not resolve is traced as an Error "
                    + "entry like any other. The body may be up to 8 MiB. Answers the entries in the order of the reports.")
    @APIResponse(responseCode = "200", description = "All traced")
    public Response batch(String body) {
        String gateway = ApiAccess.gateway(request);
        List<AuthorizationReport> reports = counted(() -> AuthorizationReports.batch(
                AuthorizationReports.parse(body, AuthorizationReports.MAX_BATCH_BODY),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), gateway));
        gateways.seen(gateway, reports.size());
        // the same text as TraceEntryJson.of(entries), item by item through the cache that stream clients read
        StringBuilder answer = new StringBuilder(2 + reports.size() * 900).append('[');
        for (AuthorizationReport report : reports) {
            if (answer.length() > 1) {
                answer.append(',');
            }
            answer.append(json.json(trace(report)));
        }
        return Response.ok(answer.append(']').toString()).build();
    }

    @RolesAllowed({Role.OPERATOR_ROLE, Role.VIEWER_ROLE})
    @POST
    @Path("evaluate")
    @Operation(summary = "Dry run: resolve a request without tracing it",
            description = "Same body as a report (clientIp optional). The answer is the entry live resolution would make now; "
                    + "it never enters the live view. For testing a configuration before any client exists.")
    @APIResponse(responseCode = "200", description = "The entry, with id null and sequence 0")
    public Response evaluate(String body) {
        AuthorizationReport report = AuthorizationReports.dryRun(AuthorizationReports.parse(body, AuthorizationReports.MAX_BODY),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        AuthorizationReported event = AuthorizationReported.dryRun(report);
        reported.fire(event);
        return Response.ok(TraceEntryJson.of(event.entry())).build();
    }

    // refused reports are counted per reason for the Gateways screen
    private <T> T counted(Supplier<T> reading) {
        try {
            return reading.get();
        } catch (ProblemException e) {
            gateways.reject(e.problem().status() == 413 ? GatewayRegistry.Rejection.TOO_LARGE : GatewayRegistry.Rejection.MALFORMED);
            throw e;
        }
    }

    private TraceEntry trace(AuthorizationReport report) {
        AuthorizationReported event = AuthorizationReported.traffic(report);
        reported.fire(event);
        return event.entry();
    }
}
