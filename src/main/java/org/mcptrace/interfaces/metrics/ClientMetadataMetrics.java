package org.mcptrace.interfaces.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.mcptrace.application.ClientMetadataVerdicts;
import org.mcptrace.infrastructure.clientmetadata.ClientMetadataFetcher;

/**
 * The client metadata fetches beside the other mcptrace_* metrics, registered only when fetching is on. The figures
 * are counted where the work happens and read at scrape time. Readiness does not depend on them: a vendor's document
 * being down is a finding on the entries, not a reason to take mcptrace out of a load balancer.
 */
@ApplicationScoped
public class ClientMetadataMetrics {

    @Inject
    MetricRegistry registry;

    @Inject
    ClientMetadataVerdicts verdicts;

    @Inject
    ClientMetadataFetcher fetcher;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (!verdicts.enabled()) {
            return;
        }
        Metadata fetches = Metadata.builder().withName("mcptrace_client_metadata_fetches")
                .withDescription("Client metadata document fetches since start, by outcome (valid, invalid, timeout, "
                        + "http_status, redirect, too_large, not_json, refused_address, tls, unknown_host, connection); "
                        + "only grows").build();
        for (ClientMetadataFetcher.Outcome outcome : ClientMetadataFetcher.Outcome.values()) {
            registry.gauge(fetches, fetcher, f -> f.outcomes(outcome),
                    new Tag("outcome", outcome.name().toLowerCase(Locale.ROOT)));
        }
        registry.gauge(Metadata.builder().withName("mcptrace_client_metadata_queued")
                .withDescription("Client metadata documents waiting to be fetched").build(), verdicts,
                ClientMetadataVerdicts::queued);
        registry.gauge(Metadata.builder().withName("mcptrace_client_metadata_in_flight")
                .withDescription("Client metadata fetches under way").build(), fetcher,
                ClientMetadataFetcher::inFlight);
        registry.gauge(Metadata.builder().withName("mcptrace_client_metadata_not_queued")
                .withDescription("Client IDs seen while the fetch queue was full (queued again when seen next); only "
                        + "grows").build(), verdicts, ClientMetadataVerdicts::notQueued);
        registry.gauge(Metadata.builder().withName("mcptrace_client_metadata_documents")
                .withDescription("Client metadata documents with a verdict remembered").build(), verdicts,
                ClientMetadataVerdicts::remembered);
    }
}
