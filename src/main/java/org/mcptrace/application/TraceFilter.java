package org.mcptrace.application;

import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.mcptrace.domain.resolution.ClientMatch;
import org.mcptrace.domain.resolution.Decision;
import org.mcptrace.domain.resolution.ServerMatch;
import org.mcptrace.domain.resolution.Severity;
import org.mcptrace.domain.trace.TraceEntry;

/**
 * What an operator or script asks to see. Workloads are named by id or by name (case-insensitive) because scripts know
 * ids and people know names. Empty criteria match everything.
 */
public record TraceFilter(Set<Severity> severities, String clientWorkload, String serverWorkload, Set<Decision> decisions,
                          String text) implements Predicate<TraceEntry> {

    public static final TraceFilter ALL = new TraceFilter(Set.of(), null, null, Set.of(), null);

    public TraceFilter {
        severities = severities == null ? Set.of() : Set.copyOf(severities);
        decisions = decisions == null ? Set.of() : Set.copyOf(decisions);
        clientWorkload = blankToNull(clientWorkload);
        serverWorkload = blankToNull(serverWorkload);
        text = blankToNull(text) == null ? null : text.strip().toLowerCase(Locale.ROOT);
    }

    public boolean isEmpty() {
        return severities.isEmpty() && decisions.isEmpty() && clientWorkload == null && serverWorkload == null && text == null;
    }

    @Override
    public boolean test(TraceEntry entry) {
        if (!severities.isEmpty() && !severities.contains(entry.getSeverity())) {
            return false;
        }
        if (!decisions.isEmpty() && !decisions.contains(entry.getDecision())) {
            return false;
        }
        if (clientWorkload != null && !names(entry.getClientWorkload(), clientWorkload)) {
            return false;
        }
        if (serverWorkload != null && !names(entry.getServerWorkload(), serverWorkload)) {
            return false;
        }
        return text == null || contains(entry.getRedirectUri()) || contains(entry.getResource())
                || contains(entry.getClientIp());
    }

    private static boolean names(ClientMatch match, String wanted) {
        return match != null && (Long.toString(match.id()).equals(wanted) || match.name().equalsIgnoreCase(wanted));
    }

    private static boolean names(ServerMatch match, String wanted) {
        return match != null && (Long.toString(match.id()).equals(wanted) || match.name().equalsIgnoreCase(wanted));
    }

    private boolean contains(String value) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(text);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
