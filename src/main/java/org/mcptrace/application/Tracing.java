package org.mcptrace.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.mcptrace.domain.resolution.AuthorizationRequest;
import org.mcptrace.domain.resolution.ConfigurationSnapshot;
import org.mcptrace.domain.resolution.Resolution;
import org.mcptrace.domain.resolution.Resolver;
import org.mcptrace.domain.trace.TraceEntry;

/**
 * Resolves each reported request against an immutable snapshot of the configuration. The snapshot is swapped
 * whenever the configuration changes, so resolution never touches the database and never waits for a writer.
 */
@ApplicationScoped
public class Tracing {

    private static final Logger LOG = Logger.getLogger(Tracing.class.getName());

    @Inject
    ConfigurationChanges configuration;

    @Inject
    ClientMetadataVerdicts clientMetadata;

    @Inject
    @Resolved
    Event<TraceEntry> resolved;

    @Inject
    @Resolved
    @Ingested
    Event<TraceEntry> ingested;

    private final AtomicLong sequence = new AtomicLong();
    private volatile ConfigurationSnapshot snapshot = ConfigurationSnapshot.empty();

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        refresh();
    }

    void configurationChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConfigurationChanged changed) {
        refresh();
    }

    // a rebuild may race another; keep whichever snapshot carries the newer revision
    synchronized void refresh() {
        ConfigurationSnapshot fresh = configuration.snapshot();
        if (fresh.revision() >= snapshot.revision()) {
            snapshot = fresh;
        }
        LOG.fine(() -> "resolving against configuration revision " + snapshot.revision());
    }

    /**
     * Resolves against what the database holds now, whatever its revision: for a full reload, which must also follow
     * a database whose revision went back (restored from a backup, or replaced). {@link #refresh()} would keep the
     * newer snapshot it has, and so resolve for good against configuration that no longer exists.
     */
    public synchronized void reload() {
        snapshot = configuration.snapshot();
    }

    void resolve(@Observes AuthorizationReported reported) {
        long start = System.nanoTime();
        AuthorizationRequest request = reported.report().request();
        // the latest verdict known now: a document not fetched yet is queued, never waited for
        Resolution resolution = Resolver.resolve(request, snapshot, clientMetadata.forRequest(request.clientId()));
        long nanos = System.nanoTime() - start;
        if (reported.dryRun()) {
            reported.resolvedAs(new TraceEntry(null, 0, reported.report(), resolution, null), nanos);
            return;
        }
        long next = sequence.incrementAndGet();
        TraceEntry entry = new TraceEntry(TraceIds.of(next), next, reported.report(), resolution, reported.reEvaluationOf());
        reported.resolvedAs(entry, nanos);
        ingested.fire(entry);
    }

    /**
     * Takes in an entry another node resolved: same id, same resolution, and the next place in this node's buffer, so
     * consoles and streams here show it like one of their own.
     */
    public TraceEntry adopt(TraceEntry remote) {
        TraceEntry entry = new TraceEntry(remote.getId(), sequence.incrementAndGet(), remote.getReport(),
                remote.getResolution(), remote.getReEvaluationOf());
        resolved.fire(entry);
        return entry;
    }

    public ConfigurationSnapshot snapshot() {
        return snapshot;
    }
}
