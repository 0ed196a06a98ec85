package org.mcptrace.domain.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mcptrace.domain.resolution.AccessPolicySnapshot;
import org.mcptrace.domain.resolution.AuthorizationRequest;
import org.mcptrace.domain.resolution.ClientWorkloadSnapshot;
import org.mcptrace.domain.resolution.ConfigurationSnapshot;
import org.mcptrace.domain.resolution.Resolver;
import org.mcptrace.domain.resolution.ServerWorkloadSnapshot;

/** The quick fixes step 2a offers: what each proposes, for which workload, with which value. */
class QuickFixTest {

    private static final String CIMD = "https://claude.ai/oauth/claude-code-client-metadata";
    private static final String RESOURCE = "https://mcp.example.com/mcp";

    // A pins CIMD on a loopback URI; B takes a loopback URI and no client ID
    private static final ConfigurationSnapshot CONFIG = ConfigurationSnapshot.of(1,
            List.of(new ClientWorkloadSnapshot(1, "A", true, List.of("http://127.0.0.1/callback"), List.of(CIMD)),
                    new ClientWorkloadSnapshot(2, "B", true, List.of("http://localhost/callback"))),
            List.of(new ServerWorkloadSnapshot(3, "Docs", true, RESOURCE)),
            List.of(new AccessPolicySnapshot(4, "A to Docs", true, 1, 3), new AccessPolicySnapshot(5, "B to Docs", true,
                    2, 3)));

    private static List<String> fixes(String redirectUri, String clientId) {
        AuthorizationRequest request = AuthorizationRequest.of(redirectUri, RESOURCE, clientId);
        TraceEntry entry = new TraceEntry("e", 1, new AuthorizationReport(Instant.EPOCH, null, null, "192.0.2.1",
                request), Resolver.resolve(request, CONFIG), null);
        return QuickFix.forEntry(entry).stream()
                .map(fix -> fix.kind() + " " + fix.targetId() + " " + fix.value()).toList();
    }

    @ParameterizedTest(name = "{0} + {1}: {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // pinned: add the presented client ID to the workload the redirect URI found
            "http://127.0.0.1:5/callback | https://other.example/meta | ADD_CLIENT_ID 1 https://other.example/meta",
            // Info by the redirect URI alone: identify the client by its client ID
            "http://localhost:5/callback | https://cli.example/meta | ADD_CLIENT_ID 2 https://cli.example/meta",
            // C1 found A, whose redirect URIs lack the presented one
            "http://127.0.0.1:5/cb | " + CIMD + " | ADD_REDIRECT_URI 1 http://127.0.0.1:5/cb",
            // nothing matched: create a workload by redirect URI, or one identified by the client ID
            "https://app.example/cb | cli-7 | CREATE_CLIENT_WORKLOAD 0 https://app.example/cb;"
                    + "CREATE_CLIENT_WORKLOAD_BY_CLIENT_ID 0 cli-7",
            // identified by the client ID already, or no client ID to add: nothing
            "http://127.0.0.1:5/callback | " + CIMD + " | -",
            "http://localhost:5/callback | - | -",
            "http://127.0.0.1:5/callback | - | -",
            // a conflict needs a change on two workloads, which no single editor makes
            "http://localhost:5/callback | " + CIMD + " | -"})
    void step2aFixes(String redirectUri, String clientId, String expected) {
        assertEquals(expected == null ? List.of() : List.of(expected.split(";")), fixes(redirectUri, clientId));
    }

    @Test
    void labelsSayWhatTheFixDoes() {
        AuthorizationRequest request = AuthorizationRequest.of("http://127.0.0.1:5/callback", RESOURCE, "x");
        TraceEntry entry = new TraceEntry("e", 1, new AuthorizationReport(Instant.EPOCH, null, null, "192.0.2.1",
                request), Resolver.resolve(request, CONFIG), null);
        assertEquals("Add this client ID to Client Workload 'A'", QuickFix.forEntry(entry).get(0).label());
    }
}
