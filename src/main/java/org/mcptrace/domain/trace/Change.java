package org.mcptrace.domain.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.mcptrace.domain.resolution.ClientMatch;
import org.mcptrace.domain.resolution.Finding;
import org.mcptrace.domain.resolution.PolicyMatch;
import org.mcptrace.domain.resolution.ServerMatch;

/**
 * One way a re-evaluation differs from the entry it re-evaluates, worded for the operator who just changed the
 * configuration and wants to see whether it helped.
 */
public record Change(String aspect, String before, String after) {

    public static List<Change> between(TraceEntry original, TraceEntry again) {
        List<Change> changes = new ArrayList<>();
        add(changes, "Severity", original.getSeverity().name(), again.getSeverity().name());
        add(changes, "Decision", original.getDecision().name(), again.getDecision().name());
        add(changes, "Client Workload", describe(original.getClientWorkload()), describe(again.getClientWorkload()));
        add(changes, "Server Workload", describe(original.getServerWorkload()), describe(again.getServerWorkload()));
        add(changes, "Access Policy", describe(original.getAccessPolicy()), describe(again.getAccessPolicy()));
        Set<String> before = codes(original);
        Set<String> after = codes(again);
        if (!before.equals(after)) {
            Set<String> gone = new TreeSet<>(before);
            gone.removeAll(after);
            Set<String> added = new TreeSet<>(after);
            added.removeAll(before);
            changes.add(new Change("Findings", gone.isEmpty() ? "—" : String.join(", ", gone),
                    added.isEmpty() ? "—" : String.join(", ", added)));
        }
        add(changes, "Configuration revision", Long.toString(original.getConfigRevision()),
                Long.toString(again.getConfigRevision()));
        return changes;
    }

    private static void add(List<Change> changes, String aspect, String before, String after) {
        if (!Objects.equals(before, after)) {
            changes.add(new Change(aspect, before, after));
        }
    }

    private static Set<String> codes(TraceEntry entry) {
        Set<String> codes = new TreeSet<>();
        for (Finding finding : entry.getFindings()) {
            codes.add(finding.code().name());
        }
        return codes;
    }

    private static String describe(ClientMatch match) {
        return match == null ? "none" : "'" + match.name() + "'" + (match.active() ? "" : " (inactive)") + " by " + match.rule();
    }

    private static String describe(ServerMatch match) {
        return match == null ? "none" : "'" + match.name() + "'" + (match.active() ? "" : " (inactive)") + " by " + match.rule();
    }

    private static String describe(PolicyMatch match) {
        return match == null ? "none" : "'" + match.name() + "'" + (match.active() ? "" : " (inactive)");
    }

    // Facelets cannot read record components as properties
    public String getAspect() {
        return aspect;
    }

    public String getBefore() {
        return before;
    }

    public String getAfter() {
        return after;
    }
}
