package org.mcptrace.domain.resolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ResolverTest {

    private static final String CLAUDE_CODE = "http://127.0.0.1:5000/callback";
    private static final String DOCS = "https://mcp.example.com/mcp";

    private static final ConfigurationSnapshot CONFIG = Snapshots.builder()
            .client(1, "Claude Code", "http://127.0.0.1/callback", "http://localhost/callback")
            .client(2, "VS Code", "http://127.0.0.1:33418/", "https://vscode.dev/redirect")
            .inactiveClient(3, "Old", "https://old.example.com/cb")
            .client(4, "Cursor", "cursor://anysphere.cursor-mcp/oauth/callback")
            .server(10, "Docs", DOCS)
            .inactiveServer(11, "Legacy", "https://legacy.example.com/mcp")
            .server(12, "A", "https://multi.example.com/a/mcp")
            .server(13, "B", "https://multi.example.com/b/mcp")
            .policy(100, "Claude Code to Docs", 1, 10)
            .inactivePolicy(101, "VS Code to Docs", 2, 10)
            .policy(102, "Old to Docs", 3, 10)
            .policy(103, "Claude Code to Legacy", 1, 11)
            .build();

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            http://127.0.0.1:5000/callback | https://mcp.example.com/mcp  | CLIENT_MATCHED SERVER_MATCHED POLICY_ACTIVE | INFO | ALLOWED
            http://localhost:8/callback  | https://mcp.example.com/mcp/   | CLIENT_MATCHED SERVER_MATCHED_NON_CANONICAL POLICY_ACTIVE | WARNING | ALLOWED
            http://127.0.0.1:5000/callback | https://mcp.example.com/mcp/tools | CLIENT_MATCHED SERVER_MATCHED_BY_PATH POLICY_ACTIVE | WARNING | ALLOWED
            https://vscode.dev/redirect  | https://mcp.example.com/mcp    | CLIENT_MATCHED SERVER_MATCHED POLICY_INACTIVE | ERROR | DENIED
            cursor://anysphere.cursor-mcp/oauth/callback | https://mcp.example.com/mcp | CLIENT_MATCHED SERVER_MATCHED POLICY_MISSING | ERROR | DENIED
            https://old.example.com/cb   | https://mcp.example.com/mcp    | CLIENT_WORKLOAD_INACTIVE SERVER_MATCHED POLICY_ACTIVE | ERROR | DENIED
            http://127.0.0.1:5000/callback | https://legacy.example.com/mcp | CLIENT_MATCHED SERVER_WORKLOAD_INACTIVE POLICY_ACTIVE | ERROR | DENIED
            https://old.example.com/cb   | https://legacy.example.com/mcp | CLIENT_WORKLOAD_INACTIVE SERVER_WORKLOAD_INACTIVE POLICY_MISSING | ERROR | DENIED
            http://127.0.0.1:5000/callback | https://multi.example.com    | CLIENT_MATCHED SERVER_AMBIGUOUS POLICY_NOT_EVALUATED | ERROR | DENIED
            https://unknown.example.org/cb | https://mcp.example.com/mcp  | CLIENT_NO_MATCH SERVER_MATCHED POLICY_NOT_EVALUATED | ERROR | DENIED
            http://127.0.0.1:5000/callback | https://nowhere.example.org/mcp | CLIENT_MATCHED SERVER_NO_MATCH POLICY_NOT_EVALUATED | ERROR | DENIED
            https://unknown.example.org/cb | https://nowhere.example.org/mcp | CLIENT_NO_MATCH SERVER_NO_MATCH POLICY_NOT_EVALUATED | ERROR | DENIED
            -                            | https://mcp.example.com/mcp    | REDIRECT_URI_MISSING SERVER_MATCHED POLICY_NOT_EVALUATED | ERROR | DENIED
            http://evil.example.com/cb   | https://mcp.example.com/mcp    | REDIRECT_URI_INVALID SERVER_MATCHED POLICY_NOT_EVALUATED | ERROR | DENIED
            http://127.0.0.1:5000/callback | -                            | RESOURCE_MISSING CLIENT_MATCHED POLICY_NOT_EVALUATED | ERROR | DENIED
            http://127.0.0.1:5000/callback | https://mcp.example.com/mcp#x | RESOURCE_INVALID CLIENT_MATCHED POLICY_NOT_EVALUATED | ERROR | DENIED
            javascript:alert(1)          | mcp.example.com                | REDIRECT_URI_INVALID RESOURCE_INVALID POLICY_NOT_EVALUATED | ERROR | DENIED
            -                            | -                              | REDIRECT_URI_MISSING RESOURCE_MISSING POLICY_NOT_EVALUATED | ERROR | DENIED
            https://unknown.example.org/cb | -                            | RESOURCE_MISSING CLIENT_NO_MATCH POLICY_NOT_EVALUATED | ERROR | DENIED
            """)
    void findingsComeInOrderAndDecide(String redirectUri, String resource, String codes, Severity severity,
            Decision decision) {
        Resolution resolution = Resolver.resolve(AuthorizationRequest.of(redirectUri, resource, "id"), CONFIG);

        assertEquals(Arrays.stream(codes.split(" ")).map(FindingCode::valueOf).toList(),
                Snapshots.codes(resolution), () -> resolution.findings().toString());
        assertEquals(severity, resolution.severity());
        assertEquals(decision, resolution.decision());
        assertEquals(42, resolution.configRevision());
        resolution.findings().forEach(finding -> {
            assertEquals(finding.code().severity(), finding.severity());
            assertNotNull(finding.message());
            assertTrue(!finding.message().isBlank());
        });
    }

    @Test
    void everyFindingCodeIsProducedSomewhere() throws Exception {
        EnumSet<FindingCode> seen = EnumSet.noneOf(FindingCode.class);
        CsvSource table = ResolverTest.class.getDeclaredMethod("findingsComeInOrderAndDecide", String.class,
                String.class, String.class, Severity.class, Decision.class).getAnnotation(CsvSource.class);
        for (String line : table.textBlock().strip().split("\n")) {
            for (String code : line.split("\\|")[2].trim().split(" ")) {
                seen.add(FindingCode.valueOf(code));
            }
        }
        // step 2a's codes come from its own table (ClientIdMatchingTest)
        ClientIdExamples.TABLE.forEach(example -> {
            seen.add(example.finding());
            if (example.warning() != null) {
                seen.add(example.warning());
            }
        });
        // so do the client metadata check's (ClientMetadataCheckTest)
        ClientMetadataCheckTest.oneOfEach().forEach(finding -> seen.add(finding.code()));
        assertEquals(EnumSet.allOf(FindingCode.class), seen);
    }

    @Test
    void severitiesAreOrdered() {
        assertTrue(Severity.INFO.compareTo(Severity.WARNING) < 0);
        assertTrue(Severity.WARNING.compareTo(Severity.ERROR) < 0);
        assertEquals(Severity.ERROR, Severity.WARNING.max(Severity.ERROR));
        assertEquals(Severity.WARNING, Severity.WARNING.max(Severity.INFO));
    }

    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            -                              | https://mcp.example.com/mcp     | Not evaluated: the redirect URI is missing
            http://evil.example.com/cb     | https://mcp.example.com/mcp     | Not evaluated: the redirect URI is invalid
            https://unknown.example.org/cb | https://mcp.example.com/mcp     | Not evaluated: no Client Workload matched
            http://127.0.0.1:5000/callback | https://nowhere.example.org/mcp | Not evaluated: no Server Workload matched
            https://unknown.example.org/cb | https://nowhere.example.org/mcp | Not evaluated: no Client Workload or Server Workload matched
            http://127.0.0.1:5000/callback | https://multi.example.com       | Not evaluated: the resource is ambiguous
            http://127.0.0.1:5000/callback | -                               | Not evaluated: the resource is missing
            http://127.0.0.1:5000/callback | https://mcp.example.com/mcp#x   | Not evaluated: the resource is invalid
            https://unknown.example.org/cb | -                               | Not evaluated: no Client Workload matched and the resource is missing
            -                              | -                               | Not evaluated: the redirect URI is missing and the resource is missing
            """)
    void saysWhyThePolicyWasNotEvaluated(String redirectUri, String resource, String message) {
        Resolution resolution = Resolver.resolve(AuthorizationRequest.of(redirectUri, resource, null), CONFIG);

        Finding policy = resolution.findings().get(2);
        assertEquals(FindingCode.POLICY_NOT_EVALUATED, policy.code());
        assertEquals(Severity.INFO, policy.severity());
        assertEquals(message, policy.message());
        assertNull(resolution.policy());
    }

    static Stream<Arguments> policies() {
        return Stream.of(
                Arguments.of(CLAUDE_CODE, DOCS, new PolicyMatch(100, "Claude Code to Docs", true),
                        "Access Policy 'Claude Code to Docs' connects 'Claude Code' and 'Docs'"),
                Arguments.of("https://vscode.dev/redirect", DOCS, new PolicyMatch(101, "VS Code to Docs", false),
                        "Access Policy 'VS Code to Docs' connecting 'VS Code' and 'Docs' is inactive"),
                Arguments.of("cursor://anysphere.cursor-mcp/oauth/callback", DOCS, null,
                        "No Access Policy connects 'Cursor' and 'Docs'"),
                Arguments.of("https://old.example.com/cb", DOCS, new PolicyMatch(102, "Old to Docs", true),
                        "Access Policy 'Old to Docs' connects 'Old' and 'Docs'"));
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("policies")
    void evaluatesThePolicyOfThePair(String redirectUri, String resource, PolicyMatch policy, String message) {
        Resolution resolution = Resolver.resolve(AuthorizationRequest.of(redirectUri, resource, null), CONFIG);

        assertEquals(policy, resolution.policy());
        assertEquals(message, resolution.findings().get(2).message());
    }

    @Test
    void duplicatePoliciesPreferTheActiveOne() {
        ConfigurationSnapshot snapshot = Snapshots.builder().client(1, "C", CLAUDE_CODE).server(2, "S", DOCS)
                .inactivePolicy(3, "Off", 1, 2).policy(4, "On", 1, 2).build();

        assertEquals(new PolicyMatch(4, "On", true),
                Resolver.resolve(AuthorizationRequest.of(CLAUDE_CODE, DOCS, null), snapshot).policy());
    }

    @Test
    void repeatedParametersAreInvalid() {
        Resolution resolution = Resolver.resolve(new AuthorizationRequest(List.of(CLAUDE_CODE, CLAUDE_CODE),
                List.of(DOCS, "https://legacy.example.com/mcp"), null), CONFIG);

        assertEquals(List.of(FindingCode.REDIRECT_URI_INVALID, FindingCode.RESOURCE_INVALID,
                FindingCode.POLICY_NOT_EVALUATED), Snapshots.codes(resolution));
        assertTrue(resolution.findings().get(0).message().contains("appears 2 times"));
        assertTrue(resolution.findings().get(1).message().contains("appears 2 times"));
    }

    @Test
    void emptyConfigurationDeniesEverything() {
        Resolution resolution = Resolver.resolve(AuthorizationRequest.of(CLAUDE_CODE, DOCS, null),
                ConfigurationSnapshot.empty());

        assertEquals(List.of(FindingCode.CLIENT_NO_MATCH, FindingCode.SERVER_NO_MATCH,
                FindingCode.POLICY_NOT_EVALUATED), Snapshots.codes(resolution));
        assertEquals(0, resolution.configRevision());
    }

    @Test
    void nullArgumentsCountAsEmpty() {
        Resolution resolution = Resolver.resolve(null, null);

        assertEquals(List.of(FindingCode.REDIRECT_URI_MISSING, FindingCode.RESOURCE_MISSING,
                FindingCode.POLICY_NOT_EVALUATED), Snapshots.codes(resolution));
        assertEquals(Decision.DENIED, resolution.decision());
    }

    static Stream<String> garbage() {
        List<String> values = new ArrayList<>(Arrays.asList(null, "", " ", "%", "%%%", "%zz", "%E2%82", "+", "&",
                ":", "::::", "a:", "1a:", "//x", "#", "?", "http://", "http:", "https://", "http://[", "http://[::1",
                "http://[::1]x/", "http://[]/", "http://[::1]:/", "http://:80", "https://h:99999/", "https://h:-1/",
                "https://h:8080:9090/", "http://127.0.0.1:5000/cb#frag", "\u0000", "\n", "http://127.0.0.1\n/cb",
                "https://ünïcode.example/ß", "https://a.example.com/\uD83D\uDE00", "\uD800", "https://@/", "https://@@@/",
                "http://user:pw@127.0.0.1/cb", "https://mcp.example.com/" + "%".repeat(1000),
                "https://mcp.example.com/mcp/" + "../".repeat(1000), "javascript:alert(1)", "data:,x", "about:blank",
                "HTTP://LOCALHOST", "http://[::1]", "urn:", "x:" + "/".repeat(10_000),
                "https://mcp.example.com" + "/a".repeat(200_000),
                "https://" + "h".repeat(1_000_000) + "/cb",
                "http://127.0.0.1:5000/" + "x".repeat(1_000_000),
                "https://mcp.example.com/mcp?" + "q=1&".repeat(100_000)));
        return values.stream();
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("garbage")
    void neverThrowsOnGarbage(String value) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (AuthorizationRequest request : List.of(AuthorizationRequest.of(value, value, value),
                    AuthorizationRequest.of(value, DOCS, null), AuthorizationRequest.of(CLAUDE_CODE, value, null),
                    AuthorizationRequest.fromQuery(value),
                    AuthorizationRequest.fromQuery("redirect_uri=" + value + "&resource=" + value))) {
                Resolution resolution = Resolver.resolve(request, CONFIG);
                assertEquals(3, sides(resolution), resolution.findings()::toString);
                resolution.findings().forEach(finding -> assertTrue(finding.message().length() < 2_000));
            }
            RedirectUris.problem(value);
            RedirectUris.conflictKey(value);
            ResourceUrls.problem(value);
            ResourceUrls.canonical(value);
        });
    }

    @Test
    void garbageConfigurationNeverThrows() {
        List<ClientWorkloadSnapshot> clients = new ArrayList<>();
        List<ServerWorkloadSnapshot> servers = new ArrayList<>();
        garbage().limit(40).forEach(value -> {
            clients.add(new ClientWorkloadSnapshot(clients.size(), value, true, Arrays.asList(value, null)));
            servers.add(new ServerWorkloadSnapshot(servers.size(), value, true, value));
        });
        clients.add(null);
        ConfigurationSnapshot snapshot = ConfigurationSnapshot.of(1, clients, servers, null);

        garbage().limit(40).forEach(value -> assertEquals(3,
                sides(Resolver.resolve(AuthorizationRequest.of(value, value, value), snapshot))));
    }

    /** Findings but the client ID Warning, which a garbage client_id that looks like a URL adds: one per side. */
    private static long sides(Resolution resolution) {
        return resolution.findings().stream()
                .filter(finding -> finding.code() != FindingCode.CLIENT_ID_METADATA_URL_INVALID).count();
    }

    @Test
    void controlCharactersAreEscapedAndLongValuesShortenedInMessages() {
        Resolution resolution = Resolver.resolve(
                AuthorizationRequest.of("https://a.example.com/cb\r\nX-Injected: 1", "https://" + "m".repeat(5000),
                        null), CONFIG);

        String invalid = resolution.findings().get(0).message();
        assertTrue(invalid.contains("%0D%0A"), invalid);
        assertTrue(!invalid.contains("\n"), invalid);
        String noMatch = resolution.findings().get(1).message();
        assertTrue(noMatch.contains("(5008 characters)"), noMatch);
    }

    @Test
    void resolvesAmongOneHundredThousandWorkloads() {
        int n = 100_000;
        List<ClientWorkloadSnapshot> clients = new ArrayList<>(n);
        List<ServerWorkloadSnapshot> servers = new ArrayList<>(n);
        List<AccessPolicySnapshot> policies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            clients.add(new ClientWorkloadSnapshot(i, "client " + i, true,
                    List.of("https://app" + i + ".example.com/oauth/callback", "http://127.0.0.1/cb" + i)));
            servers.add(new ServerWorkloadSnapshot(n + i, "server " + i, i % 2 == 0,
                    "https://mcp.example.com/tenant" + i + "/mcp"));
            policies.add(new AccessPolicySnapshot(2L * n + i, "policy " + i, true, i, n + i));
        }
        ConfigurationSnapshot snapshot = ConfigurationSnapshot.of(9, clients, servers, policies);

        Resolution exact = Resolver.resolve(AuthorizationRequest.of("https://app77.example.com/oauth/callback",
                "https://mcp.example.com/tenant77/mcp", null), snapshot);
        assertEquals(77, exact.client().id());
        assertEquals(n + 77, exact.server().id());
        assertEquals(List.of(FindingCode.CLIENT_MATCHED, FindingCode.SERVER_WORKLOAD_INACTIVE,
                FindingCode.POLICY_ACTIVE), Snapshots.codes(exact));

        Resolution loopback = Resolver.resolve(AuthorizationRequest.of("http://127.0.0.1:4242/cb99998",
                "https://mcp.example.com/tenant99998/mcp/tools", null), snapshot);
        assertEquals(new ClientMatch(99_998, "client 99998", true, ClientRule.LOOPBACK, "http://127.0.0.1/cb99998"),
                loopback.client());
        assertEquals(ServerRule.PATH_BELOW, loopback.server().rule());
        assertEquals(Decision.ALLOWED, loopback.decision());

        Resolution canonical = Resolver.resolve(AuthorizationRequest.of("http://127.0.0.1/cb4",
                "HTTPS://mcp.example.com:443/tenant4/mcp/", null), snapshot);
        assertEquals(ServerRule.CANONICAL, canonical.server().rule());
        assertEquals(Severity.WARNING, canonical.severity());

        Resolution unmatched = Resolver.resolve(AuthorizationRequest.of("https://APP5.example.com/oauth/callback/",
                "https://mcp.example.com/tenant5/mcpx", null), snapshot);
        assertEquals(List.of(FindingCode.CLIENT_NO_MATCH, FindingCode.SERVER_NO_MATCH,
                FindingCode.POLICY_NOT_EVALUATED), Snapshots.codes(unmatched));
        NearMiss closestClient = unmatched.findings().get(0).nearMisses().get(0);
        assertEquals(new NearMiss(5, "client 5", "https://app5.example.com/oauth/callback",
                List.of(Difference.HOST_CASE, Difference.TRAILING_SLASH)), closestClient);
        assertEquals(NearMissIndex.LIMIT, unmatched.findings().get(0).nearMisses().size());
        NearMiss closestServer = unmatched.findings().get(1).nearMisses().get(0);
        assertEquals(List.of(Difference.PATH), closestServer.differences());
        assertTrue(closestServer.registered().startsWith("https://mcp.example.com/tenant"));

        Resolution ambiguous = Resolver.resolve(AuthorizationRequest.of("http://127.0.0.1/cb4",
                "https://mcp.example.com", null), snapshot);
        assertEquals(FindingCode.SERVER_AMBIGUOUS, ambiguous.findings().get(1).code());
        assertTrue(ambiguous.findings().get(1).message().contains("lies above 100000 Server Workloads"));

        assertEquals(n, snapshot.clients().size());
        assertEquals("client 123", snapshot.client(123).orElseThrow().name());
        assertEquals(2L * n + 5, snapshot.policyFor(5, n + 5).orElseThrow().id());
    }
}
