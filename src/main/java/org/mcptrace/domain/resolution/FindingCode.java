package org.mcptrace.domain.resolution;

public enum FindingCode {
    REDIRECT_URI_MISSING(Severity.ERROR),
    REDIRECT_URI_INVALID(Severity.ERROR),
    RESOURCE_MISSING(Severity.ERROR),
    RESOURCE_INVALID(Severity.ERROR),
    CLIENT_MATCHED(Severity.INFO),
    CLIENT_NO_MATCH(Severity.ERROR),
    CLIENT_WORKLOAD_INACTIVE(Severity.ERROR),
    /** The client's metadata document is being fetched; the request was not held back for it. */
    CLIENT_METADATA_PENDING(Severity.INFO),
    CLIENT_METADATA_VERIFIED(Severity.INFO),
    /** An authorization server could not read it either; a Warning because the cause may be on mcptrace's side. */
    CLIENT_METADATA_UNREACHABLE(Severity.WARNING),
    CLIENT_METADATA_INVALID(Severity.ERROR),
    CLIENT_METADATA_REDIRECT_URI_NOT_LISTED(Severity.ERROR),
    SERVER_MATCHED(Severity.INFO),
    /** Allowed, but a strict authorization server compares exactly and would refuse it. */
    SERVER_MATCHED_NON_CANONICAL(Severity.WARNING),
    SERVER_MATCHED_BY_PATH(Severity.WARNING),
    SERVER_AMBIGUOUS(Severity.ERROR),
    SERVER_NO_MATCH(Severity.ERROR),
    SERVER_WORKLOAD_INACTIVE(Severity.ERROR),
    POLICY_ACTIVE(Severity.INFO),
    POLICY_INACTIVE(Severity.ERROR),
    POLICY_MISSING(Severity.ERROR),
    /** Info because the reason it was skipped is already reported as an Error on the client or server side. */
    POLICY_NOT_EVALUATED(Severity.INFO);

    private final Severity severity;

    FindingCode(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }
}
