package org.mcptrace.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicLongArray;
import org.mcptrace.domain.resolution.Severity;
import org.mcptrace.domain.trace.TraceEntry;

/**
 * Requests per second by severity over the last minutes, counted as entries are resolved (re-evaluations included,
 * dry runs not). A spike of Errors shows here before anyone reads a row.
 */
@ApplicationScoped
public class TrafficRate {

    public static final int SECONDS = 300;
    private static final int SEVERITIES = Severity.values().length;

    // per slot: the epoch second it counts, then one counter per severity
    private final AtomicLongArray seconds = new AtomicLongArray(SECONDS);
    private final AtomicLongArray counts = new AtomicLongArray(SECONDS * SEVERITIES);

    void count(@Observes @Resolved TraceEntry entry) {
        record(System.currentTimeMillis() / 1000, entry.getSeverity());
    }

    void record(long epochSecond, Severity severity) {
        int slot = (int) (epochSecond % SECONDS);
        long held = seconds.get(slot);
        if (held != epochSecond && seconds.compareAndSet(slot, held, epochSecond)) {
            for (int s = 0; s < SEVERITIES; s++) {
                counts.set(slot * SEVERITIES + s, 0);
            }
        }
        counts.incrementAndGet(slot * SEVERITIES + severity.ordinal());
    }

    /** Counts for the {@code span} seconds up to and including {@code nowSecond}, oldest first: [second][severity]. */
    public long[][] lastSeconds(long nowSecond, int span) {
        int n = Math.min(span, SECONDS - 1);
        long[][] series = new long[n][SEVERITIES];
        for (int i = 0; i < n; i++) {
            long second = nowSecond - (n - 1 - i);
            int slot = (int) (second % SECONDS);
            if (seconds.get(slot) == second) {
                for (int s = 0; s < SEVERITIES; s++) {
                    series[i][s] = counts.get(slot * SEVERITIES + s);
                }
            }
        }
        return series;
    }
}
