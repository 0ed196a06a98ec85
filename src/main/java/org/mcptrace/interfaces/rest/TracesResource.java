package org.mcptrace.interfaces.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.mcptrace.application.AuthorizationReported;
import org.mcptrace.application.LiveBuffer;
import org.mcptrace.application.StreamPosition;
import org.mcptrace.domain.trace.Change;
import org.mcptrace.domain.trace.TraceEntry;
import org.mcptrace.application.TraceFilter;
import org.mcptrace.domain.resolution.Decision;
import org.mcptrace.domain.resolution.Severity;
import org.mcptrace.domain.access.Role;

/** The live trace buffer, newest first, and its stream. */
@Path("v1/traces")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.OPERATOR_ROLE, Role.VIEWER_ROLE})
public class TracesResource {

    @Inject
    LiveBuffer buffer;

    @Inject
    TraceStreams streams;

    @Inject
    Event<AuthorizationReported> reported;

    @Context
    UriInfo uri;

    @GET
    @Operation(summary = "Entries in the live buffer, newest first")
    public String list(@QueryParam("severity") List<String> severity,
                       @QueryParam("decision") List<String> decision,
                       @QueryParam("clientWorkload") @Parameter(description = "id or name") String clientWorkload,
                       @QueryParam("serverWorkload") @Parameter(description = "id or name") String serverWorkload,
                       @QueryParam("q") @Parameter(description = "text in redirect URI, resource or client IP") String q,
                       @QueryParam("limit") @Parameter(description = "how many entries, 1 to the buffer's capacity",
                               schema = @Schema(type = SchemaType.INTEGER, defaultValue = "100")) String limit) {
        int count = QueryParameters.whole("limit", limit, 100, 1, buffer.capacity());
        TraceFilter filter = filter(severity, decision, clientWorkload, serverWorkload, q);
        return TraceEntryJson.of(buffer.newest(filter, 0, count));
    }

    @GET
    @Path("export")
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    @Operation(summary = "Download the entries the filters select, as CSV or JSON",
            description = "format=csv (default) or json; the same filters as the list. CSV cells that a spreadsheet would "
                    + "read as a formula are prefixed with an apostrophe.")
    public Response export(@QueryParam("format") @DefaultValue("csv") String format,
                           @QueryParam("severity") List<String> severity,
                           @QueryParam("decision") List<String> decision,
                           @QueryParam("clientWorkload") String clientWorkload,
                           @QueryParam("serverWorkload") String serverWorkload,
                           @QueryParam("q") String q) {
        List<TraceEntry> entries = buffer.newest(filter(severity, decision, clientWorkload, serverWorkload, q), 0, buffer.capacity());
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "csv" -> Response.ok(TraceCsv.of(entries), "text/csv; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"mcptrace-traces-" + stamp + ".csv\"").build();
            case "json" -> Response.ok(TraceEntryJson.of(entries), MediaType.APPLICATION_JSON_TYPE)
                    .header("Content-Disposition", "attachment; filename=\"mcptrace-traces-" + stamp + ".json\"").build();
            default -> throw new ProblemException(400, "Invalid query", "format must be csv or json.", "format");
        };
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One entry, while it is still in the live buffer")
    public String one(@PathParam("id") String id) {
        return buffer.byId(id).map(TraceEntryJson::of).orElseThrow(() -> new ProblemException(404, "Not found",
                "No trace entry " + id + " in the live buffer (entries are not persisted; older ones fall off).", "id"));
    }

    @RolesAllowed(Role.OPERATOR_ROLE)
    @POST
    @Path("{id}/re-evaluate")
    @Operation(summary = "Resolve an entry's request again against the current configuration",
            description = "The new entry enters the live view marked with reEvaluationOf, and the answer lists what changed "
                    + "(severity, workloads, policy, findings).")
    public Response reEvaluate(@PathParam("id") String id) {
        TraceEntry original = buffer.byId(id).orElseThrow(() -> new ProblemException(404, "Not found",
                "No trace entry " + id + " in the live buffer to re-evaluate.", "id"));
        AuthorizationReported event = AuthorizationReported.reEvaluation(original);
        reported.fire(event);
        TraceEntry again = event.entry();
        return Response.created(uri.getBaseUriBuilder().path("v1/traces").path(again.getId()).build())
                .entity(TraceEntryJson.of(again, Change.between(original, again))).build();
    }

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Server-Sent Events: one 'trace' event per new entry",
            description = "The event id says how far the client has read (this node's sequence and, per node, the newest "
                    + "entry id); send it back as Last-Event-ID to resume from the buffer, on this node or any other of a "
                    + "cluster, without duplicates. Accepts the "
                    + "same filters as the list. A client that falls behind the buffer gets a 'skipped' event with the count.")
    @APIResponse(responseCode = "200", description = "The stream, for as long as the client reads it",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS))
    @APIResponse(responseCode = "400", description = "A malformed filter or Last-Event-ID")
    public void stream(@Suspended AsyncResponse answer,
                       @Context HttpServletRequest request,
                       @Context HttpServletResponse response,
                       @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventId,
                       @QueryParam("severity") List<String> severity,
                       @QueryParam("decision") List<String> decision,
                       @QueryParam("clientWorkload") String clientWorkload,
                       @QueryParam("serverWorkload") String serverWorkload,
                       @QueryParam("q") String q) throws IOException {
        StreamPosition resume = null;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                resume = StreamPosition.parse(lastEventId);
            } catch (IllegalArgumentException e) {
                throw new ProblemException(400, "Invalid Last-Event-ID", "Last-Event-ID: " + e.getMessage() + ".",
                        "Last-Event-ID");
            }
        }
        TraceFilter filter = filter(severity, decision, clientWorkload, serverWorkload, q);
        // JAX-RS has checked the caller (ApiAccess, RoleCheck) and the parameters, as for every other call, and answers
        // a refusal as a problem document. @Suspended made the servlet response asynchronous, so this thread goes back
        // to the pool when the method returns; TraceStreams writes the stream to that response from its loop, and
        // completes it. The answer is never resumed through JAX-RS, which writes a resumed answer once, to its end.
        response.setStatus(200);
        response.setContentType(MediaType.SERVER_SENT_EVENTS);
        // caches between the stream and the client must neither keep nor hold it back
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        streams.open(request.getAsyncContext(), filter, resume);
    }

    static TraceFilter filter(List<String> severity, List<String> decision, String clientWorkload, String serverWorkload,
                              String q) {
        return new TraceFilter(parse(severity, Severity.class, "severity"), clientWorkload, serverWorkload,
                parse(decision, Decision.class, "decision"), q);
    }

    private static <E extends Enum<E>> Set<E> parse(List<String> values, Class<E> type, String field) {
        Set<E> parsed = EnumSet.noneOf(type);
        if (values == null) {
            return parsed;
        }
        for (String value : values) {
            for (String part : value.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                try {
                    parsed.add(Enum.valueOf(type, part.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new ProblemException(400, "Invalid query", field + " must be one of "
                            + EnumSet.allOf(type) + ", was '" + part.strip() + "'.", field);
                }
            }
        }
        return parsed;
    }
}
