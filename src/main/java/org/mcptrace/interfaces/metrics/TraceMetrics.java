package org.mcptrace.interfaces.metrics;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.mcptrace.application.AuthorizationReported;
import org.mcptrace.application.BackgroundLoops;
import org.mcptrace.application.GatewayRegistry;
import org.mcptrace.application.Ingested;
import org.mcptrace.application.LiveBuffer;
import org.mcptrace.domain.resolution.Decision;
import org.mcptrace.domain.resolution.Severity;
import org.mcptrace.domain.trace.TraceEntry;
import org.mcptrace.infrastructure.cluster.LiveFanOut;
import org.mcptrace.interfaces.push.LiveTracesPush;
import org.mcptrace.interfaces.rest.TraceStreams;

/**
 * The application's metrics, all named mcptrace_*. Counters and the timer are looked up once, at start, so an
 * ingested request costs an array index and an adder increment, not a registry lookup. Figures the components already
 * count (buffer, streams, pushes) are read by gauges at scrape time rather than counted twice; those that only ever
 * grow say so in their description.
 */
@ApplicationScoped
public class TraceMetrics {

    static final String INGESTED = "mcptrace_ingested_requests";
    static final String RESOLUTION = "mcptrace_resolution_time";
    static final String REJECTED = "mcptrace_rejected_reports";
    static final String LOOP_FAILURES = "mcptrace_loop_failures";

    @Inject
    MetricRegistry registry;

    @Inject
    LiveBuffer buffer;

    @Inject
    TraceStreams streams;

    @Inject
    LiveTracesPush push;

    @Inject
    GatewayRegistry gateways;

    @Inject
    LiveFanOut cluster;

    /** Indexed by severity ordinal, then decision ordinal. */
    private Counter[][] ingested;
    private Timer resolution;
    private final ConcurrentHashMap<Integer, Counter> rejected = new ConcurrentHashMap<>();
    private final Set<String> loops = ConcurrentHashMap.newKeySet();

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        Metadata ingestedMeta = Metadata.builder().withName(INGESTED)
                .withDescription("Authorization requests traced, by severity and decision (dry runs excluded)").build();
        ingested = new Counter[Severity.values().length][Decision.values().length];
        for (Severity severity : Severity.values()) {
            for (Decision decision : Decision.values()) {
                ingested[severity.ordinal()][decision.ordinal()] = registry.counter(ingestedMeta,
                        new Tag("severity", severity.name()), new Tag("decision", decision.name()));
            }
        }
        resolution = registry.timer(Metadata.builder().withName(RESOLUTION)
                .withDescription("Time to resolve one request against the configuration snapshot")
                .withUnit(MetricUnits.NANOSECONDS).build());
        gauge("mcptrace_push_lag_milliseconds", "How long the oldest entry of the latest console push waited for it",
                push, LiveTracesPush::lastLagMillis);
        gauge("mcptrace_pushes", "Console pushes sent since start; only grows (one push covers many entries)",
                push, LiveTracesPush::pushes);
        gauge("mcptrace_buffer_entries", "Entries held in the live buffer now", buffer, LiveBuffer::size);
        gauge("mcptrace_buffer_capacity", "Entries the live buffer holds at most", buffer, LiveBuffer::capacity);
        gauge("mcptrace_buffer_fill_ratio", "Live buffer entries over capacity, 0 to 1",
                buffer, b -> (double) b.size() / b.capacity());
        gauge("mcptrace_viewers_connected", "Tracing screens with their push websocket open",
                push, LiveTracesPush::viewers);
        gauge("mcptrace_push_stalled_milliseconds", "How long entries have waited for a push that should have gone "
                + "out (0 while the push works; the push health check is DOWN from 10,000)", push,
                LiveTracesPush::stalledMillis);
        gauge("mcptrace_stream_clients_connected", "SSE clients on /api/v1/traces/stream now",
                streams, TraceStreams::connected);
        gauge("mcptrace_stream_clients_dropped", "SSE clients dropped because they stalled; only grows",
                streams, TraceStreams::dropped);
        gauge("mcptrace_stream_entries_skipped",
                "Entries SSE clients skipped because they fell behind the buffer; only grows",
                streams, TraceStreams::skipped);
        // traced forward-auth calls count among the ingested requests; these are the ones that never became entries
        gauge("mcptrace_forward_auth_passed", "Forward-auth calls that were not authorization requests, answered 200 "
                + "and not traced; only grows", gateways, GatewayRegistry::passedTotal);
        gauge("mcptrace_forward_auth_refused",
                "Authorization requests refused with 403 by forward auth in enforce mode; only grows",
                gateways, GatewayRegistry::refusedTotal);
        gauge("mcptrace_cluster_size", "Nodes in the cluster as this node sees it; 1 when it runs alone",
                cluster, LiveFanOut::size);
        gauge("mcptrace_cluster_fanout_lag_milliseconds",
                "From ingestion on another node to adoption here, for the latest batch received",
                cluster, LiveFanOut::lagMillis);
        gauge("mcptrace_cluster_entries_sent", "Entries this node sent to the other nodes; only grows",
                cluster, LiveFanOut::sent);
        gauge("mcptrace_cluster_entries_received", "Entries other nodes sent here and this node adopted; only grows",
                cluster, LiveFanOut::received);
        gauge("mcptrace_cluster_entries_dropped", "Entries this node could not send to the other nodes; only grows",
                cluster, LiveFanOut::dropped);
        // present at zero from the start, so a dashboard can tell "none refused" from "not scraped"
        rejectedCounter(400);
    }

    // this node's own ingestion only: an entry another node resolved and sent here was counted there
    void traced(@Observes @Ingested TraceEntry entry) {
        ingested[entry.getSeverity().ordinal()][entry.getDecision().ordinal()].inc();
    }

    /** After resolution, which sets the time on the event; dry runs count too, they run the same resolver. */
    void timed(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) AuthorizationReported reported) {
        if (reported.entry() != null) {
            resolution.update(Duration.ofNanos(reported.resolutionNanos()));
        }
    }

    private <T, R extends Number> void gauge(String name, String description, T object, Function<T, R> value) {
        registry.gauge(Metadata.builder().withName(name).withDescription(description).build(), object, value);
    }

    /** Each background loop's failed rounds, from the moment it starts, at zero until one fails. */
    void loopStarted(@Observes BackgroundLoops.Loop loop) {
        if (loops.add(loop.name())) {
            registry.gauge(Metadata.builder().withName(LOOP_FAILURES).withDescription("Failed rounds (or failed parts "
                    + "of a round, such as one console of a push) of a background loop, which then goes on; only grows")
                    .build(), loop, BackgroundLoops.Loop::failures, new Tag("loop", loop.name()));
        }
    }

    /** A report refused before resolution, counted by HTTP status (400 malformed, 413 too large, …). */
    void rejected(int status) {
        rejectedCounter(status).inc();
    }

    private Counter rejectedCounter(int status) {
        return rejected.computeIfAbsent(status, s -> registry.counter(Metadata.builder().withName(REJECTED)
                .withDescription("Reports refused by the ingestion API, by HTTP status").build(),
                new Tag("status", Integer.toString(s))));
    }
}
