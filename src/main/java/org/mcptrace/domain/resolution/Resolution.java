package org.mcptrace.domain.resolution;

import java.io.Serializable;
import java.util.List;

/**
 * Outcome of resolving one authorization request. Findings come in a fixed order: step-1 findings, then the client
 * finding, a client ID Warning if any, then the server and policy findings.
 */
public record Resolution(ClientMatch client, ServerMatch server, PolicyMatch policy, List<Finding> findings,
        Severity severity, Decision decision, long configRevision) implements Serializable {

    public Resolution {
        findings = Copies.withoutNulls(findings);
    }

    /** Derives severity and decision from the findings, so the two can never disagree with them. */
    static Resolution of(ClientMatch client, ServerMatch server, PolicyMatch policy, List<Finding> findings,
            long configRevision) {
        Severity severity = Severity.INFO;
        for (Finding finding : findings) {
            severity = severity.max(finding.severity());
        }
        Decision decision = severity == Severity.ERROR ? Decision.DENIED : Decision.ALLOWED;
        return new Resolution(client, server, policy, findings, severity, decision, configRevision);
    }

    public boolean has(FindingCode code) {
        for (Finding finding : findings) {
            if (finding.code() == code) {
                return true;
            }
        }
        return false;
    }
}
