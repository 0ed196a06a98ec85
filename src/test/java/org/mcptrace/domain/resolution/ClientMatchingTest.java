package org.mcptrace.domain.resolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClientMatchingTest {

    /** registered, presented, client-side finding, rule when matched, near-miss differences when not. */
    static Stream<Arguments> redirectUris() {
        return Stream.of(
                // the example table of matching-rules.md, in order
                row("https://claude.ai/api/mcp/auth_callback", "https://claude.ai/api/mcp/auth_callback",
                        FindingCode.CLIENT_MATCHED, ClientRule.EXACT, ""),
                row("https://claude.ai/api/mcp/auth_callback", "https://claude.ai/api/mcp/auth_callback/",
                        FindingCode.CLIENT_NO_MATCH, null, "TRAILING_SLASH"),
                row("http://127.0.0.1:33418/", "http://127.0.0.1:59656/", FindingCode.CLIENT_MATCHED,
                        ClientRule.LOOPBACK, ""),
                row("http://localhost/callback", "http://localhost:3118/callback", FindingCode.CLIENT_MATCHED,
                        ClientRule.LOOPBACK, ""),
                row("http://127.0.0.1/callback", "http://localhost:52163/callback", FindingCode.CLIENT_NO_MATCH, null,
                        "HOST_ALIAS"),
                row("http://127.0.0.1:33418/callback", "http://127.0.0.1:33418/cb", FindingCode.CLIENT_NO_MATCH, null,
                        "PATH"),
                row("cursor://anysphere.cursor-mcp/oauth/callback", "cursor://anysphere.cursor-mcp/oauth/callback",
                        FindingCode.CLIENT_MATCHED, ClientRule.EXACT, ""),
                row("https://claude.ai/api/mcp/auth_callback", "http://evil.example.com/cb",
                        FindingCode.REDIRECT_URI_INVALID, null, ""),
                // real clients
                row("https://vscode.dev/redirect", "https://vscode.dev/redirect", FindingCode.CLIENT_MATCHED,
                        ClientRule.EXACT, ""),
                row("http://127.0.0.1:33418/", "http://127.0.0.1:33418/", FindingCode.CLIENT_MATCHED,
                        ClientRule.EXACT, ""),
                row("http://127.0.0.1/callback", "http://127.0.0.1:61234/callback", FindingCode.CLIENT_MATCHED,
                        ClientRule.LOOPBACK, ""),
                row("http://localhost/callback", "http://localhost:61234/callback", FindingCode.CLIENT_MATCHED,
                        ClientRule.LOOPBACK, ""),
                row("http://localhost:6274/oauth/callback", "http://localhost:6274/oauth/callback",
                        FindingCode.CLIENT_MATCHED, ClientRule.EXACT, ""),
                row("http://localhost:7777/oauth/callback", "http://localhost:7777/oauth/callback",
                        FindingCode.CLIENT_MATCHED, ClientRule.EXACT, ""),
                row("https://chatgpt.com/connector/oauth/abc123", "https://chatgpt.com/connector/oauth/abc123",
                        FindingCode.CLIENT_MATCHED, ClientRule.EXACT, ""),
                row("https://chatgpt.com/connector/oauth/abc123", "https://chatgpt.com/connector/oauth/xyz789",
                        FindingCode.CLIENT_NO_MATCH, null, "PATH"),
                row("com.example.app:/cb", "com.example.app:/cb", FindingCode.CLIENT_MATCHED, ClientRule.EXACT, ""),
                // loopback: IPv6, no port on either side, queries
                row("http://[::1]/cb", "http://[::1]:8080/cb", FindingCode.CLIENT_MATCHED, ClientRule.LOOPBACK, ""),
                row("http://[::1]:9000/cb", "http://[::1]/cb", FindingCode.CLIENT_MATCHED, ClientRule.LOOPBACK, ""),
                row("http://[::1]:9000/cb", "http://[::1]:9000/cb", FindingCode.CLIENT_MATCHED, ClientRule.EXACT, ""),
                row("http://[::1]/cb", "http://127.0.0.1:8080/cb", FindingCode.CLIENT_NO_MATCH, null, "HOST_ALIAS"),
                row("http://127.0.0.1/cb?x=1", "http://127.0.0.1:5000/cb?x=1", FindingCode.CLIENT_MATCHED,
                        ClientRule.LOOPBACK, ""),
                row("http://127.0.0.1/cb?x=1", "http://127.0.0.1:5000/cb?x=2", FindingCode.CLIENT_NO_MATCH, null,
                        "QUERY"),
                row("http://127.0.0.1/cb", "http://127.0.0.1:5000/cb?x=1", FindingCode.CLIENT_NO_MATCH, null,
                        "QUERY"),
                row("http://127.0.0.1/", "http://127.0.0.1:5000", FindingCode.CLIENT_NO_MATCH, null,
                        "TRAILING_SLASH"),
                row("http://localhost/cb", "http://LOCALHOST:9090/cb", FindingCode.CLIENT_NO_MATCH, null,
                        "HOST_CASE"),
                row("http://127.0.0.1/cb", "http://LOCALHOST:9090/cb", FindingCode.CLIENT_NO_MATCH, null,
                        "HOST_ALIAS"),
                row("http://127.0.0.1/cb", "HTTP://127.0.0.1:9090/cb", FindingCode.CLIENT_NO_MATCH, null,
                        "SCHEME_CASE"),
                row("http://localhost/cb", "https://localhost/cb", FindingCode.CLIENT_NO_MATCH, null, "SCHEME"),
                // loopback is only for plain http: https keeps its port
                row("https://localhost:8443/cb", "https://localhost:9443/cb", FindingCode.CLIENT_NO_MATCH, null,
                        "PORT"),
                row("https://localhost:8443/cb", "https://127.0.0.1:9443/cb", FindingCode.CLIENT_NO_MATCH, null,
                        "HOST_ALIAS PORT"),
                // non-loopback: strict string equality, explained
                row("https://app.example.com/cb", "https://app.example.com:443/cb", FindingCode.CLIENT_NO_MATCH,
                        null, "DEFAULT_PORT"),
                row("https://app.example.com:443/cb", "https://app.example.com/cb", FindingCode.CLIENT_NO_MATCH,
                        null, "DEFAULT_PORT"),
                row("https://app.example.com/cb", "https://app.example.com:8443/cb", FindingCode.CLIENT_NO_MATCH,
                        null, "PORT"),
                row("https://app.example.com/cb", "https://APP.example.com/cb", FindingCode.CLIENT_NO_MATCH, null,
                        "HOST_CASE"),
                row("https://app.example.com/cb", "HTTPS://app.example.com/cb", FindingCode.CLIENT_NO_MATCH, null,
                        "SCHEME_CASE"),
                row("https://app.example.com/cb", "HTTPS://APP.example.com/cb/", FindingCode.CLIENT_NO_MATCH, null,
                        "HOST_CASE SCHEME_CASE TRAILING_SLASH"),
                row("https://app.example.com/a~b", "https://app.example.com/a%7Eb", FindingCode.CLIENT_NO_MATCH, null,
                        "PERCENT_ENCODING"),
                row("https://app.example.com/a%2fb", "https://app.example.com/a%2Fb", FindingCode.CLIENT_NO_MATCH,
                        null, "PERCENT_ENCODING"),
                row("https://app.example.com/a%2Fb", "https://app.example.com/a/b", FindingCode.CLIENT_NO_MATCH,
                        null, "PATH"),
                row("https://app.example.com/cb?a=%7e", "https://app.example.com/cb?a=~",
                        FindingCode.CLIENT_NO_MATCH, null, "PERCENT_ENCODING"),
                row("https://app.example.com/c%62/", "https://app.example.com/cb", FindingCode.CLIENT_NO_MATCH, null,
                        "PERCENT_ENCODING TRAILING_SLASH"),
                row("https://app.example.com/cb", "https://app.example.com/cb?x=1", FindingCode.CLIENT_NO_MATCH, null,
                        "QUERY"),
                row("https://app.example.com/cb", "https://other.example.com/cb", FindingCode.CLIENT_NO_MATCH, null,
                        "HOST"),
                row("https://app.example.com/cb", "myapp://app.example.com/cb", FindingCode.CLIENT_NO_MATCH, null,
                        "SCHEME"),
                // two components apart: no near miss
                row("https://app.example.com/cb", "https://other.example.com/callback", FindingCode.CLIENT_NO_MATCH,
                        null, ""),
                row("https://app.example.com/cb", "cursor://anysphere.cursor-mcp/oauth/callback",
                        FindingCode.CLIENT_NO_MATCH, null, ""));
    }

    private static Arguments row(String registered, String presented, FindingCode code, ClientRule rule,
            String differences) {
        return Arguments.of(registered, presented, code, rule, differences);
    }

    @ParameterizedTest(name = "{0} <- {1}: {2} {3} [{4}]")
    @MethodSource("redirectUris")
    void matchesRedirectUris(String registered, String presented, FindingCode code, ClientRule rule,
            String differences) {
        Resolution resolution = Resolver.resolve(
                AuthorizationRequest.of(presented, "https://mcp.example.com/mcp", "id"),
                Snapshots.withClient(registered));

        Finding client = resolution.findings().get(0);
        assertEquals(code, client.code(), client.message());
        if (rule != null) {
            assertEquals(rule, resolution.client().rule());
            assertEquals(registered, resolution.client().registered());
            assertEquals(Decision.ALLOWED, resolution.decision());
        } else {
            assertNull(resolution.client());
            assertEquals(Decision.DENIED, resolution.decision());
        }
        List<NearMiss> nearMisses = client.nearMisses();
        if (differences.isEmpty()) {
            assertTrue(nearMisses.isEmpty(), () -> nearMisses.toString());
            assertFalse(client.message().contains("Closest"), client.message());
        } else {
            assertEquals(1, nearMisses.size(), nearMisses::toString);
            assertEquals(registered, nearMisses.get(0).registered());
            assertEquals(Set.copyOf(Snapshots.differences(differences)), Set.copyOf(nearMisses.get(0).differences()));
            assertTrue(client.message().contains("Closest: Client Workload 'Client' registers " + registered),
                    client.message());
        }
    }

    @Test
    void tableNamesEveryDifference() {
        EnumSet<Difference> seen = EnumSet.noneOf(Difference.class);
        redirectUris().forEach(row -> seen.addAll(Snapshots.differences((String) row.get()[4])));
        assertEquals(EnumSet.allOf(Difference.class), seen);
    }

    @Test
    void explainsTheClosestInTheOperatorsWords() {
        ConfigurationSnapshot snapshot = Snapshots.builder()
                .client(1, "Claude Code", "http://127.0.0.1/callback").build();

        Finding finding = Resolver.resolve(
                AuthorizationRequest.of("http://localhost:52163/callback", null, null), snapshot).findings().get(1);

        assertEquals(FindingCode.CLIENT_NO_MATCH, finding.code());
        assertEquals("No Client Workload has the redirect URI http://localhost:52163/callback. Closest: "
                + "Client Workload 'Claude Code' registers http://127.0.0.1/callback "
                + "(host differs: localhost vs 127.0.0.1)", finding.message());
        assertEquals(List.of(new NearMiss(1, "Claude Code", "http://127.0.0.1/callback",
                List.of(Difference.HOST_ALIAS))), finding.nearMisses());
    }

    @Test
    void loopbackMatchSaysThePortWasIgnored() {
        ConfigurationSnapshot snapshot = Snapshots.builder()
                .client(7, "VS Code", "http://127.0.0.1:33418/", "https://vscode.dev/redirect").build();

        Resolution resolution = Resolver.resolve(
                AuthorizationRequest.of("http://127.0.0.1:59656/", null, null), snapshot);

        assertEquals("Redirect URI matched Client Workload 'VS Code' (loopback rule: port ignored)",
                resolution.findings().get(1).message());
        assertEquals(new ClientMatch(7, "VS Code", true, ClientRule.LOOPBACK, "http://127.0.0.1:33418/"),
                resolution.client());
    }

    @Test
    void anyOfSeveralRegisteredUrisMatches() {
        ConfigurationSnapshot snapshot = Snapshots.builder()
                .client(7, "VS Code", "http://127.0.0.1:33418/", "https://vscode.dev/redirect").build();

        Resolution resolution = Resolver.resolve(
                AuthorizationRequest.of("https://vscode.dev/redirect", null, null), snapshot);

        assertEquals(new ClientMatch(7, "VS Code", true, ClientRule.EXACT, "https://vscode.dev/redirect"),
                resolution.client());
    }

    @Test
    void exactMatchWinsOverLoopback() {
        ConfigurationSnapshot snapshot = Snapshots.builder()
                .client(1, "Any port", "http://127.0.0.1/cb")
                .client(2, "Port 5000", "http://127.0.0.1:5000/cb").build();

        Resolution resolution = Resolver.resolve(AuthorizationRequest.of("http://127.0.0.1:5000/cb", null, null),
                snapshot);

        assertEquals(2, resolution.client().id());
        assertEquals(ClientRule.EXACT, resolution.client().rule());
    }

    @Test
    void inactiveClientIsNamedButDenied() {
        ConfigurationSnapshot snapshot = Snapshots.builder()
                .inactiveClient(1, "Retired", "http://localhost/cb")
                .server(2, "Docs", "https://mcp.example.com/mcp").policy(3, "P", 1, 2).build();

        Resolution resolution = Resolver.resolve(
                AuthorizationRequest.of("http://localhost:4000/cb", "https://mcp.example.com/mcp", null), snapshot);

        assertEquals(new ClientMatch(1, "Retired", false, ClientRule.LOOPBACK, "http://localhost/cb"),
                resolution.client());
        assertEquals(List.of(FindingCode.CLIENT_WORKLOAD_INACTIVE, FindingCode.SERVER_MATCHED,
                FindingCode.POLICY_ACTIVE), Snapshots.codes(resolution));
        assertEquals(Decision.DENIED, resolution.decision());
        assertTrue(resolution.findings().get(0).message().contains("'Retired'"));
    }

    @Test
    void nearMissesAreOrderedByFewestDifferencesAndCapped() {
        ConfigurationSnapshot snapshot = Snapshots.builder()
                .client(1, "Path 1", "https://app.example.com/one")
                .client(2, "Case and path", "https://APP.example.com/two")
                .client(3, "Path 3", "https://app.example.com/three")
                .client(4, "Path 4", "https://app.example.com/four")
                .client(5, "Path 5", "https://app.example.com/five")
                .client(6, "Path 6", "https://app.example.com/six")
                .client(7, "Slash", "https://app.example.com/cb/")
                .client(8, "Far", "https://far.example.com/far").build();

        Finding finding = Resolver.resolve(AuthorizationRequest.of("https://app.example.com/cb", null, null),
                snapshot).findings().get(1);

        List<NearMiss> nearMisses = finding.nearMisses();
        assertEquals(NearMissIndex.LIMIT, nearMisses.size());
        assertEquals("Slash", nearMisses.get(0).workloadName());
        assertEquals(List.of(Difference.TRAILING_SLASH), nearMisses.get(0).differences());
        for (int i = 1; i < nearMisses.size(); i++) {
            assertTrue(nearMisses.get(i - 1).differences().size() <= nearMisses.get(i).differences().size());
            assertTrue(nearMisses.get(i).differences().contains(Difference.PATH));
        }
        assertTrue(finding.message().contains("Closest: Client Workload 'Slash' registers "
                + "https://app.example.com/cb/ (trailing slash differs); 4 other near misses"), finding.message());
    }

    @Test
    void workloadWithNoRedirectUrisNeverMatches() {
        ConfigurationSnapshot snapshot = ConfigurationSnapshot.of(1,
                List.of(new ClientWorkloadSnapshot(1, "Empty", true, null)), List.of(), List.of());

        assertEquals(FindingCode.CLIENT_NO_MATCH, Resolver.resolve(
                AuthorizationRequest.of("https://a.example.com/cb", null, null), snapshot).findings().get(1).code());
    }
}
