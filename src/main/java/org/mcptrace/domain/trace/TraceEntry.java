package org.mcptrace.domain.trace;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import org.mcptrace.domain.resolution.ClientMatch;
import org.mcptrace.domain.resolution.Decision;
import org.mcptrace.domain.resolution.Finding;
import org.mcptrace.domain.resolution.FindingCode;
import org.mcptrace.domain.resolution.PolicyMatch;
import org.mcptrace.domain.resolution.Resolution;
import org.mcptrace.domain.resolution.ServerMatch;
import org.mcptrace.domain.resolution.Severity;

/**
 * A resolved authorization request, immutable once made. A class with getters rather than a record because Facelets
 * (Jakarta EL 5) cannot read record components as properties.
 */
public final class TraceEntry implements Serializable {

    private final String id;
    private final long sequence;
    private final AuthorizationReport report;
    private final Resolution resolution;
    private final String reEvaluationOf;

    public TraceEntry(String id, long sequence, AuthorizationReport report, Resolution resolution, String reEvaluationOf) {
        this.id = id;
        this.sequence = sequence;
        this.report = report;
        this.resolution = resolution;
        this.reEvaluationOf = reEvaluationOf;
    }

    public String getId() {
        return id;
    }

    public long getSequence() {
        return sequence;
    }

    public AuthorizationReport getReport() {
        return report;
    }

    public Resolution getResolution() {
        return resolution;
    }

    /** The id of the entry this one re-evaluates, or null for an entry that came from traffic. */
    public String getReEvaluationOf() {
        return reEvaluationOf;
    }

    public Instant getReceivedAt() {
        return report.receivedAt();
    }

    public String getGatewayId() {
        return report.gatewayId();
    }

    public String getRequestId() {
        return report.requestId();
    }

    public String getClientIp() {
        return report.clientIp();
    }

    public String getRedirectUri() {
        return report.request().redirectUri();
    }

    public String getResource() {
        return report.request().resource();
    }

    public String getClientId() {
        return report.request().clientId();
    }

    public ClientMatch getClientWorkload() {
        return resolution.client();
    }

    public ServerMatch getServerWorkload() {
        return resolution.server();
    }

    public PolicyMatch getAccessPolicy() {
        return resolution.policy();
    }

    public Severity getSeverity() {
        return resolution.severity();
    }

    public Decision getDecision() {
        return resolution.decision();
    }

    public List<Finding> getFindings() {
        return resolution.findings();
    }

    public long getConfigRevision() {
        return resolution.configRevision();
    }

    /** Why the entry names no Access Policy: the policy was missing, or never looked for; empty when one matched. */
    public String getPolicyExplanation() {
        for (Finding finding : getFindings()) {
            if (finding.code() == FindingCode.POLICY_MISSING || finding.code() == FindingCode.POLICY_NOT_EVALUATED) {
                return finding.message();
            }
        }
        return "";
    }
}
