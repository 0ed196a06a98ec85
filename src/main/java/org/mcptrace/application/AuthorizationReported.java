package org.mcptrace.application;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.mcptrace.domain.trace.AuthorizationReport;
import org.mcptrace.domain.trace.TraceEntry;

/**
 * The event that carries a gateway's report from the API to resolution. It is observed synchronously, and resolution
 * hands the entry back on the same object, so the gateway's answer is the very entry every viewer sees.
 */
public final class AuthorizationReported {

    private final AuthorizationReport report;
    private final String reEvaluationOf;
    private final boolean dryRun;
    private TraceEntry entry;
    private long resolutionNanos;

    private AuthorizationReported(AuthorizationReport report, String reEvaluationOf, boolean dryRun) {
        this.report = report;
        this.reEvaluationOf = reEvaluationOf;
        this.dryRun = dryRun;
    }

    public static AuthorizationReported traffic(AuthorizationReport report) {
        return new AuthorizationReported(report, null, false);
    }

    /**
     * Resolving an earlier entry's request again against the current configuration, without the client retrying. The
     * new entry enters the live view marked as a re-evaluation, timed now, so it is never mistaken for traffic.
     */
    public static AuthorizationReported reEvaluation(TraceEntry original) {
        AuthorizationReport report = original.getReport();
        AuthorizationReport again = new AuthorizationReport(Instant.now().truncatedTo(ChronoUnit.MILLIS), report.gatewayId(),
                report.requestId(), report.clientIp(), report.request());
        return new AuthorizationReported(again, original.getId(), false);
    }

    /** Resolving a typed-in request for a what-if: the result is answered but never enters the live view. */
    public static AuthorizationReported dryRun(AuthorizationReport report) {
        return new AuthorizationReported(report, null, true);
    }

    public AuthorizationReport report() {
        return report;
    }

    public String reEvaluationOf() {
        return reEvaluationOf;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public TraceEntry entry() {
        return entry;
    }

    /** How long resolution itself took, for the metrics; observers after resolution read it. */
    public long resolutionNanos() {
        return resolutionNanos;
    }

    void resolvedAs(TraceEntry entry, long resolutionNanos) {
        this.entry = entry;
        this.resolutionNanos = resolutionNanos;
    }
}
