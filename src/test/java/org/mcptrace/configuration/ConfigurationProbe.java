package org.mcptrace.configuration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mcptrace.application.ConfigurationChanges;
import org.mcptrace.application.ConfigurationChanged;
import org.mcptrace.domain.resolution.ConfigurationSnapshot;

/**
 * Test-only observer added to the deployment: it does what the resolver does on a change (read a snapshot) with both
 * observer styles, and records what it saw, so a test can prove that observers see committed data.
 */
@ApplicationScoped
public class ConfigurationProbe {

    public record Seen(String style, long eventRevision, long snapshotRevision, List<String> clientNames) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    @Inject
    ConfigurationChanges configuration;

    void plain(@Observes ConfigurationChanged changed) {
        record("plain", changed);
    }

    void afterSuccess(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConfigurationChanged changed) {
        record("afterSuccess", changed);
    }

    private void record(String style, ConfigurationChanged changed) {
        try {
            ConfigurationSnapshot snapshot = configuration.snapshot();
            seen.add(new Seen(style, changed.revision(), snapshot.revision(),
                    snapshot.clients().stream().map(c -> c.name()).toList()));
        } catch (RuntimeException e) {
            seen.add(new Seen(style + " failed: " + e, changed.revision(), -1, List.of()));
        }
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }
}
