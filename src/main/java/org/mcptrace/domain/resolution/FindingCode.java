package org.mcptrace.domain.resolution;

public enum FindingCode {
    REDIRECT_URI_MISSING(Severity.ERROR),
    REDIRECT_URI_INVALID(Severity.ERROR),
    RESOURCE_MISSING(Severity.ERROR),
    RESOURCE_INVALID(Severity.ERROR),
    CLIENT_MATCHED(Severity.INFO),
    CLIENT_NO_MATCH(Severity.ERROR),
    CLIENT_WORKLOAD_INACTIVE(Severity.ERROR),
    /** Step 2a, C1: the client_id is one a workload registers. */
    CLIENT_MATCHED_BY_CLIENT_ID(Severity.INFO),
    /** C1 matched a workload whose redirect URIs do not include the presented one. */
    CLIENT_REDIRECT_URI_NOT_REGISTERED(Severity.ERROR),
    /** The client_id names one workload and the redirect URI another. */
    CLIENT_CONFLICT(Severity.ERROR),
    /** The redirect URI matched a workload that pins client IDs, and the request presents none of them. */
    CLIENT_ID_NOT_REGISTERED(Severity.ERROR),
    /** A client_id that is an http(s) URL but not a valid Client ID Metadata Document URL. */
    CLIENT_ID_METADATA_URL_INVALID(Severity.WARNING),
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
