package org.mcptrace.interfaces.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.mcptrace.application.LiveBuffer;
import org.mcptrace.domain.trace.TraceEntry;

/**
 * The stream as it was written until 2026-11-30 (evening), for the stream benchmark's same-run comparison
 * ({@code -Dbench.streamPaths=/api/v1/traces/stream,/api/v1/bench/stream-thread-per-client}): the request's own thread
 * writes the stream for as long as it is open, reading the buffer every 10 ms, with the same writer and the same
 * entry-JSON cache. No resume, filters or watchdog, which cost nothing per event. Compiled only under the Maven profile
 * {@code bench}, like {@link BenchBaselineResource}.
 */
@ApplicationScoped
@Path("v1/bench/stream-thread-per-client")
public class BenchThreadPerStreamResource {

    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    @Inject
    LiveBuffer buffer;

    @Inject
    EntryJsonCache json;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(hidden = true)
    public Response stream(@Context HttpServletResponse response) {
        return Response.ok((StreamingOutput) body -> feed(new FilterOutputStream(body) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
                response.flushBuffer();
            }
        }), MediaType.SERVER_SENT_EVENTS_TYPE).header("Cache-Control", "no-cache").build();
    }

    private void feed(FilterOutputStream body) throws IOException {
        long last = buffer.highestSequence();
        try (ServerSentEvents events = new ServerSentEvents(body)) {
            events.comment("mcptrace live trace stream (thread per client)");
            events.flush();
            while (true) {
                List<TraceEntry> batch = buffer.after(last, 256);
                if (batch.isEmpty()) {
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                    continue;
                }
                for (TraceEntry entry : batch) {
                    if (entry.getSequence() > last + 1) {
                        events.event("skipped", Long.toString(entry.getSequence() - 1),
                                "{\"skipped\":" + (entry.getSequence() - last - 1) + "}");
                    }
                    last = entry.getSequence();
                    events.event("trace", Long.toString(last), json.json(entry));
                }
                events.flush();
            }
        }
    }
}
