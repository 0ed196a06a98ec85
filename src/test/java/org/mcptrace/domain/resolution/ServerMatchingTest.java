package org.mcptrace.domain.resolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerMatchingTest {

    private static final String CLIENT = "https://client.example.com/cb";

    @ParameterizedTest(name = "{0} <- {1}: {2} {3} [{5}]")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # the example table of matching-rules.md, registered https://mcp.example.com/mcp
            https://mcp.example.com/mcp | https://mcp.example.com/mcp       | SERVER_MATCHED               | EXACT      | INFO    | -
            https://mcp.example.com/mcp | HTTPS://MCP.EXAMPLE.COM/mcp       | SERVER_MATCHED_NON_CANONICAL | CANONICAL  | WARNING | -
            https://mcp.example.com/mcp | https://mcp.example.com/mcp/      | SERVER_MATCHED_NON_CANONICAL | CANONICAL  | WARNING | -
            https://mcp.example.com/mcp | https://mcp.example.com/mcp/tools | SERVER_MATCHED_BY_PATH       | PATH_BELOW | WARNING | -
            https://mcp.example.com/mcp | https://mcp.example.com           | SERVER_MATCHED_BY_PATH       | PATH_ABOVE | WARNING | -
            https://mcp.example.com/mcp | https://mcp.example.com/mcpx      | SERVER_NO_MATCH              | -          | ERROR   | PATH
            https://mcp.example.com/mcp | https://mcp.example.com/mcp#x     | RESOURCE_INVALID             | -          | ERROR   | -
            # default ports
            https://mcp.example.com/mcp | https://mcp.example.com:443/mcp   | SERVER_MATCHED_NON_CANONICAL | CANONICAL  | WARNING | -
            https://mcp.example.com/mcp | https://mcp.example.com:/mcp      | SERVER_MATCHED_NON_CANONICAL | CANONICAL  | WARNING | -
            https://mcp.example.com:443/mcp | https://mcp.example.com/mcp   | SERVER_MATCHED_NON_CANONICAL | CANONICAL  | WARNING | -
            http://mcp.internal/mcp     | http://mcp.internal:80/mcp        | SERVER_MATCHED_NON_CANONICAL | CANONICAL  | WARNING | -
            http://mcp.internal/mcp     | http://mcp.internal:443/mcp       | SERVER_NO_MATCH              | -          | ERROR   | PORT
            https://mcp.example.com/mcp | https://mcp.example.com:8443/mcp  | SERVER_NO_MATCH              | -          | ERROR   | PORT
            # canonicalisation keeps path case and percent-escapes
            https://mcp.example.com/mcp | https://mcp.example.com/MCP       | SERVER_NO_MATCH              | -          | ERROR   | PATH
            https://mcp.example.com/mcp | https://mcp.example.com/m%63p     | SERVER_NO_MATCH              | -          | ERROR   | PERCENT_ENCODING
            https://mcp.example.com/a%2Fb | https://mcp.example.com/a%2fb   | SERVER_NO_MATCH              | -          | ERROR   | PERCENT_ENCODING
            https://mcp.example.com/mcp | https://mcp.example.com/mcp//     | SERVER_MATCHED_BY_PATH       | PATH_BELOW | WARNING | -
            # only one trailing slash is stripped, and only one side's
            https://mcp.example.com/mcp/ | https://mcp.example.com/mcp      | SERVER_MATCHED_NON_CANONICAL | CANONICAL  | WARNING | -
            # origin, paths above and below
            https://mcp.example.com/mcp | https://mcp.example.com/          | SERVER_MATCHED_BY_PATH       | PATH_ABOVE | WARNING | -
            https://mcp.example.com/mcp | https://mcp.example.com/mcp/tools/ | SERVER_MATCHED_BY_PATH      | PATH_BELOW | WARNING | -
            https://mcp.example.com/mcp | https://mcp.example.com/mcp/tools?x=1 | SERVER_MATCHED_BY_PATH   | PATH_BELOW | WARNING | -
            https://mcp.example.com/mcp | https://mcp.example.com/mc        | SERVER_NO_MATCH              | -          | ERROR   | PATH
            https://mcp.example.com/a/b/mcp | https://mcp.example.com/a     | SERVER_MATCHED_BY_PATH       | PATH_ABOVE | WARNING | -
            https://mcp.example.com     | https://mcp.example.com/anything/deep | SERVER_MATCHED_BY_PATH   | PATH_BELOW | WARNING | -
            https://mcp.example.com     | https://mcp.example.com/          | SERVER_MATCHED_NON_CANONICAL | CANONICAL  | WARNING | -
            HTTPS://MCP.example.com/mcp | https://mcp.example.com/mcp/x     | SERVER_MATCHED_BY_PATH       | PATH_BELOW | WARNING | -
            # a query makes the URL more specific, never less
            https://mcp.example.com/mcp | https://mcp.example.com/mcp?x=1   | SERVER_NO_MATCH              | -          | ERROR   | QUERY
            https://mcp.example.com/mcp | https://mcp.example.com/?x=1      | SERVER_NO_MATCH              | -          | ERROR   | -
            https://mcp.example.com/mcp?t=1 | https://mcp.example.com/mcp?t=1 | SERVER_MATCHED             | EXACT      | INFO    | -
            https://mcp.example.com/mcp?t=1 | https://mcp.example.com/mcp/?t=1 | SERVER_MATCHED_NON_CANONICAL | CANONICAL | WARNING | -
            https://mcp.example.com/mcp?t=1 | https://mcp.example.com/mcp/x?t=1 | SERVER_NO_MATCH          | -          | ERROR   | PATH
            # one other component
            https://mcp.example.com/mcp | http://mcp.example.com/mcp        | SERVER_NO_MATCH              | -          | ERROR   | SCHEME
            https://mcp.example.com/mcp | https://other.example.com/mcp     | SERVER_NO_MATCH              | -          | ERROR   | HOST
            https://mcp.example.com/mcp | https://user@mcp.example.com/mcp  | SERVER_NO_MATCH              | -          | ERROR   | HOST
            https://localhost:8080/mcp  | https://127.0.0.1:8080/mcp        | SERVER_NO_MATCH              | -          | ERROR   | HOST_ALIAS
            http://localhost:8080/mcp   | http://localhost:9090/mcp         | SERVER_NO_MATCH              | -          | ERROR   | PORT
            https://[::1]:8443/mcp      | https://[::1]:8443/mcp            | SERVER_MATCHED               | EXACT      | INFO    | -
            https://[2001:db8::1]/mcp   | https://[2001:DB8::1]:443/mcp     | SERVER_MATCHED_NON_CANONICAL | CANONICAL  | WARNING | -
            # step 1
            https://mcp.example.com/mcp | mcp.example.com/mcp               | RESOURCE_INVALID             | -          | ERROR   | -
            https://mcp.example.com/mcp | https://mcp.example.com/m cp      | RESOURCE_INVALID             | -          | ERROR   | -
            urn:example:mcp             | urn:example:mcp                   | SERVER_MATCHED               | EXACT      | INFO    | -
            urn:example:mcp             | URN:example:mcp                   | SERVER_MATCHED_NON_CANONICAL | CANONICAL  | WARNING | -
            """)
    void matchesResources(String registered, String presented, FindingCode code, ServerRule rule, Severity severity,
            String differences) {
        Resolution resolution = Resolver.resolve(AuthorizationRequest.of(CLIENT, presented, null),
                Snapshots.withServer(registered));

        Finding server = resolution.findings().get(code == FindingCode.RESOURCE_INVALID ? 0 : 1);
        assertEquals(code, server.code(), server.message());
        assertEquals(severity, server.severity());
        assertEquals(severity, resolution.severity());
        if (rule != null) {
            assertEquals(new ServerMatch(2, "Docs", true, rule, registered), resolution.server());
            assertEquals(FindingCode.POLICY_ACTIVE, resolution.findings().get(2).code());
        } else {
            assertNull(resolution.server());
        }
        if (differences == null) {
            assertEquals(List.of(), server.nearMisses());
        } else {
            assertEquals(1, server.nearMisses().size(), server.nearMisses()::toString);
            assertEquals(Set.copyOf(Snapshots.differences(differences)),
                    Set.copyOf(server.nearMisses().get(0).differences()));
        }
    }

    @Test
    void nonCanonicalMessageTellsWhatToSend() {
        Resolution resolution = Resolver.resolve(AuthorizationRequest.of(CLIENT, "https://mcp.example.com/mcp/", null),
                Snapshots.withServer("https://mcp.example.com/mcp"));

        assertEquals("Resource https://mcp.example.com/mcp/ matched Server Workload 'Docs' only after "
                + "canonicalisation; a strict authorization server compares exactly: register or send "
                + "https://mcp.example.com/mcp", resolution.findings().get(1).message());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://h.example.com/api/mcp/tools  | Deep
            https://h.example.com/api/mcp/       | Deep
            https://h.example.com/api/other      | Api
            https://h.example.com/api/mcpx       | Api
            https://h.example.com/apix/mcp       | Origin
            https://h.example.com/x              | Origin
            """)
    void longestPrefixWins(String presented, String expected) {
        ConfigurationSnapshot snapshot = Snapshots.builder()
                .server(1, "Origin", "https://h.example.com/")
                .server(2, "Api", "https://h.example.com/api")
                .server(3, "Deep", "https://h.example.com/api/mcp").build();

        Resolution resolution = Resolver.resolve(AuthorizationRequest.of(CLIENT, presented, null), snapshot);

        assertEquals(expected, resolution.server().name());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            https://multi.example.com         | -   | SERVER_AMBIGUOUS
            https://multi.example.com/        | -   | SERVER_AMBIGUOUS
            https://multi.example.com/a       | A   | SERVER_MATCHED_BY_PATH
            https://multi.example.com/b/      | B   | SERVER_MATCHED_BY_PATH
            https://multi.example.com/c       | -   | SERVER_NO_MATCH
            https://MULTI.example.com:443     | -   | SERVER_AMBIGUOUS
            """)
    void pathAboveIsSingleOrAmbiguous(String presented, String expected, FindingCode code) {
        ConfigurationSnapshot snapshot = Snapshots.builder().client(9, "Client", CLIENT)
                .server(1, "A", "https://multi.example.com/a/mcp")
                .server(2, "B", "https://multi.example.com/b/mcp").build();

        Resolution resolution = Resolver.resolve(AuthorizationRequest.of(CLIENT, presented, null), snapshot);

        Finding finding = resolution.findings().get(1);
        assertEquals(code, finding.code(), finding.message());
        assertEquals(expected, resolution.server() == null ? null : resolution.server().name());
        if (code == FindingCode.SERVER_AMBIGUOUS) {
            assertEquals(List.of(
                    new NearMiss(1, "A", "https://multi.example.com/a/mcp", List.of(Difference.PATH)),
                    new NearMiss(2, "B", "https://multi.example.com/b/mcp", List.of(Difference.PATH))),
                    finding.nearMisses());
            assertTrue(finding.message().contains("'A' (https://multi.example.com/a/mcp), "
                    + "'B' (https://multi.example.com/b/mcp)"), finding.message());
            assertEquals(Decision.DENIED, resolution.decision());
            assertEquals("Not evaluated: the resource is ambiguous", resolution.findings().get(2).message());
        }
    }

    @Test
    void ambiguityListsAFewAndCountsTheRest() {
        Snapshots builder = Snapshots.builder();
        for (int i = 0; i < 8; i++) {
            builder.server(i, "S" + i, "https://many.example.com/t" + i + "/mcp");
        }

        Finding finding = Resolver.resolve(AuthorizationRequest.of(CLIENT, "https://many.example.com", null),
                builder.build()).findings().get(1);

        assertEquals(FindingCode.SERVER_AMBIGUOUS, finding.code());
        assertEquals(NearMissIndex.LIMIT, finding.nearMisses().size());
        assertTrue(finding.message().contains("lies above 8 Server Workloads"), finding.message());
        assertTrue(finding.message().contains(" and 3 more"), finding.message());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            https://legacy.example.com/mcp       | EXACT
            https://legacy.example.com/mcp/      | CANONICAL
            https://legacy.example.com/mcp/tools | PATH_BELOW
            https://legacy.example.com           | PATH_ABOVE
            """)
    void inactiveServerIsNamedButDeniedWhateverTheRule(String presented, ServerRule rule) {
        ConfigurationSnapshot snapshot = Snapshots.builder().client(1, "Client", CLIENT)
                .inactiveServer(2, "Legacy", "https://legacy.example.com/mcp").policy(3, "P", 1, 2).build();

        Resolution resolution = Resolver.resolve(AuthorizationRequest.of(CLIENT, presented, null), snapshot);

        assertEquals(new ServerMatch(2, "Legacy", false, rule, "https://legacy.example.com/mcp"),
                resolution.server());
        assertEquals(List.of(FindingCode.CLIENT_MATCHED, FindingCode.SERVER_WORKLOAD_INACTIVE,
                FindingCode.POLICY_ACTIVE), Snapshots.codes(resolution));
        assertEquals(Decision.DENIED, resolution.decision());
        assertTrue(resolution.findings().get(1).message().contains("'Legacy'"));
    }

    @Test
    void exactBeatsCanonicalOfAnotherWorkload() {
        ConfigurationSnapshot snapshot = Snapshots.builder()
                .server(1, "Slash", "https://mcp.example.com/mcp/")
                .server(2, "Plain", "https://mcp.example.com/mcp").build();

        Resolution resolution = Resolver.resolve(
                AuthorizationRequest.of(CLIENT, "https://mcp.example.com/mcp/", null), snapshot);

        assertEquals(new ServerMatch(1, "Slash", true, ServerRule.EXACT, "https://mcp.example.com/mcp/"),
                resolution.server());
    }
}
