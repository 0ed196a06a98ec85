package org.mcptrace.domain.resolution;

import java.util.List;

/**
 * The examples of step 2a in matching-rules.md, one row each, shared by the unit test and the API test so both check
 * the same table. Workload A registers client ID {@link #A_CLIENT_ID} and redirect URI {@link #A_REDIRECT_URI};
 * workload B registers redirect URI {@link #B_REDIRECT_URI} and no client ID.
 *
 * @param clientId    the presented client_id
 * @param redirectUri the presented redirect URI
 * @param finding     the client-side finding
 * @param workload    "A" or "B": the workload the entry names
 * @param severity    the entry's severity
 * @param warning     an extra finding expected beside the client-side one, or null
 * @param differences the near miss's differences, space separated, or empty for none
 */
public record ClientIdExamples(String clientId, String redirectUri, FindingCode finding, String workload,
        Severity severity, FindingCode warning, String differences) {

    public static final String A_CLIENT_ID = "https://claude.ai/oauth/claude-code-client-metadata";
    public static final String A_REDIRECT_URI = "http://127.0.0.1/callback";
    public static final String B_REDIRECT_URI = "http://localhost/callback";

    public static final List<ClientIdExamples> TABLE = List.of(
            new ClientIdExamples(A_CLIENT_ID, "http://127.0.0.1:52163/callback",
                    FindingCode.CLIENT_MATCHED_BY_CLIENT_ID, "A", Severity.INFO, null, ""),
            new ClientIdExamples(A_CLIENT_ID, "http://127.0.0.1:52163/cb",
                    FindingCode.CLIENT_REDIRECT_URI_NOT_REGISTERED, "A", Severity.ERROR, null, "PATH"),
            new ClientIdExamples(A_CLIENT_ID, "http://localhost:52163/callback",
                    FindingCode.CLIENT_CONFLICT, "A", Severity.ERROR, null, ""),
            new ClientIdExamples("abc123", "http://127.0.0.1:52163/callback",
                    FindingCode.CLIENT_ID_NOT_REGISTERED, "A", Severity.ERROR, null, ""),
            new ClientIdExamples(A_CLIENT_ID + "/", "http://127.0.0.1:1/callback",
                    FindingCode.CLIENT_ID_NOT_REGISTERED, "A", Severity.ERROR, null, "TRAILING_SLASH"),
            new ClientIdExamples("http://tool.example/meta", "http://localhost:7/callback",
                    FindingCode.CLIENT_MATCHED, "B", Severity.WARNING, FindingCode.CLIENT_ID_METADATA_URL_INVALID,
                    ""));

    @Override
    public String toString() {
        return clientId + " + " + redirectUri + " -> " + finding;
    }
}
