package org.mcptrace.domain.resolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Step 2a: client ID -> Client Workload. */
class ClientIdMatchingTest {

    private static final String RESOURCE = "https://mcp.example.com/mcp";

    /** Workloads A and B of the contract's examples, each with an active policy to one server. */
    private static ConfigurationSnapshot examples() {
        return ConfigurationSnapshot.of(7,
                List.of(new ClientWorkloadSnapshot(1, "A", true, List.of(ClientIdExamples.A_REDIRECT_URI),
                                List.of(ClientIdExamples.A_CLIENT_ID)),
                        new ClientWorkloadSnapshot(2, "B", true, List.of(ClientIdExamples.B_REDIRECT_URI))),
                List.of(new ServerWorkloadSnapshot(3, "Docs", true, RESOURCE)),
                List.of(new AccessPolicySnapshot(4, "A to Docs", true, 1, 3),
                        new AccessPolicySnapshot(5, "B to Docs", true, 2, 3)));
    }

    static Stream<ClientIdExamples> contractExamples() {
        return ClientIdExamples.TABLE.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contractExamples")
    void contractExamples(ClientIdExamples example) {
        Resolution resolution = Resolver.resolve(
                AuthorizationRequest.of(example.redirectUri(), RESOURCE, example.clientId()), examples());

        Finding client = resolution.findings().get(0);
        assertEquals(example.finding(), client.code(), client.message());
        assertEquals(example.workload(), resolution.client().name());
        assertEquals(example.severity(), resolution.severity(), resolution.findings()::toString);
        List<FindingCode> expected = new ArrayList<>(List.of(example.finding()));
        if (example.warning() != null) {
            expected.add(example.warning());
        }
        expected.addAll(List.of(FindingCode.SERVER_MATCHED, FindingCode.POLICY_ACTIVE));
        assertEquals(expected, Snapshots.codes(resolution));
        List<NearMiss> nearMisses = client.nearMisses();
        if (example.differences().isEmpty()) {
            assertTrue(nearMisses.isEmpty(), nearMisses::toString);
        } else {
            assertEquals(Snapshots.differences(example.differences()), nearMisses.get(0).differences());
            assertTrue(client.message().contains("Closest: Client Workload 'A' registers "), client.message());
        }
    }

    @Test
    void c1NamesTheClientIdThatIdentifiedTheWorkload() {
        Resolution resolution = Resolver.resolve(AuthorizationRequest.of("http://127.0.0.1:52163/callback", RESOURCE,
                ClientIdExamples.A_CLIENT_ID), examples());

        assertEquals(new ClientMatch(1, "A", true, ClientRule.CLIENT_ID, ClientIdExamples.A_CLIENT_ID),
                resolution.client());
        assertEquals("Client ID matched Client Workload 'A' exactly", resolution.findings().get(0).message());
        assertEquals(Decision.ALLOWED, resolution.decision());
    }

    @Test
    void conflictNamesBothWorkloads() {
        Finding finding = Resolver.resolve(AuthorizationRequest.of("http://localhost:52163/callback", RESOURCE,
                ClientIdExamples.A_CLIENT_ID), examples()).findings().get(0);

        assertEquals("Client ID " + ClientIdExamples.A_CLIENT_ID + " identifies Client Workload 'A', but redirect "
                + "URI http://localhost:52163/callback matches Client Workload 'B' (http://localhost/callback); one "
                + "request must identify one workload: move the redirect URI or the client ID so that both are on "
                + "the same workload", finding.message());
    }

    @Test
    void pinnedWorkloadNamesItsClientIds() {
        Resolution resolution = Resolver.resolve(AuthorizationRequest.of("http://127.0.0.1:52163/callback", RESOURCE,
                "abc123"), examples());

        assertEquals(new ClientMatch(1, "A", true, ClientRule.LOOPBACK, ClientIdExamples.A_REDIRECT_URI),
                resolution.client());
        assertEquals("Redirect URI matched Client Workload 'A', which accepts only the client ID "
                + ClientIdExamples.A_CLIENT_ID + "; the request's client_id abc123 is not one of them",
                resolution.findings().get(0).message());
    }

    @Test
    void pinnedWorkloadRefusesARequestWithoutClientId() {
        Resolution resolution = Resolver.resolve(AuthorizationRequest.of("http://127.0.0.1:52163/callback", RESOURCE,
                null), examples());

        assertEquals(FindingCode.CLIENT_ID_NOT_REGISTERED, resolution.findings().get(0).code());
        assertTrue(resolution.findings().get(0).message().endsWith("; the request has no client_id"));
        assertEquals(Decision.DENIED, resolution.decision());
    }

    @Test
    void aWorkloadWithClientIdsOnlyIsIdentifiedByThemAlone() {
        ConfigurationSnapshot snapshot = ConfigurationSnapshot.of(1,
                List.of(new ClientWorkloadSnapshot(1, "Codex", true, List.of(), List.of("codex-cli"))), List.of(),
                List.of());

        Resolution resolution = Resolver.resolve(
                AuthorizationRequest.of("http://127.0.0.1:1455/auth/callback", RESOURCE, "codex-cli"), snapshot);

        assertEquals(FindingCode.CLIENT_MATCHED_BY_CLIENT_ID, resolution.findings().get(0).code());
        assertEquals(new ClientMatch(1, "Codex", true, ClientRule.CLIENT_ID, "codex-cli"), resolution.client());
    }

    @Test
    void inactiveWorkloadFoundByClientIdIsNamedAndDenied() {
        ConfigurationSnapshot snapshot = ConfigurationSnapshot.of(1,
                List.of(new ClientWorkloadSnapshot(1, "Codex", false, List.of(), List.of("codex-cli"))), List.of(),
                List.of());

        Resolution resolution = Resolver.resolve(
                AuthorizationRequest.of("http://127.0.0.1:1455/auth/callback", RESOURCE, "codex-cli"), snapshot);

        assertEquals(FindingCode.CLIENT_WORKLOAD_INACTIVE, resolution.findings().get(0).code());
        assertEquals("Client ID matched Client Workload 'Codex' exactly, but that workload is inactive",
                resolution.findings().get(0).message());
        assertFalse(resolution.client().active());
        assertEquals(Decision.DENIED, resolution.decision());
    }

    @Test
    void inactiveWorkloadFoundByRedirectUriWithItsClientIdIsInactive() {
        ConfigurationSnapshot snapshot = ConfigurationSnapshot.of(1,
                List.of(new ClientWorkloadSnapshot(1, "A", false, List.of(ClientIdExamples.A_REDIRECT_URI),
                        List.of(ClientIdExamples.A_CLIENT_ID))), List.of(), List.of());

        Resolution resolution = Resolver.resolve(AuthorizationRequest.of("http://127.0.0.1:9/callback", RESOURCE,
                ClientIdExamples.A_CLIENT_ID), snapshot);

        assertEquals(FindingCode.CLIENT_WORKLOAD_INACTIVE, resolution.findings().get(0).code());
    }

    @Test
    void anUnregisteredClientIdChangesNothingForAWorkloadWithoutClientIds() {
        Resolution resolution = Resolver.resolve(AuthorizationRequest.of("http://localhost:7/callback", RESOURCE,
                "some-opaque-id"), examples());

        assertEquals(List.of(FindingCode.CLIENT_MATCHED, FindingCode.SERVER_MATCHED, FindingCode.POLICY_ACTIVE),
                Snapshots.codes(resolution));
        assertEquals(ClientRule.LOOPBACK, resolution.client().rule());
    }

    @Test
    void aClientIdThatAlmostMatchedIsExplainedWhenNothingMatched() {
        Finding finding = Resolver.resolve(AuthorizationRequest.of("https://elsewhere.example/cb", RESOURCE,
                "https://CLAUDE.ai/oauth/claude-code-client-metadata"), examples()).findings().get(0);

        assertEquals(FindingCode.CLIENT_NO_MATCH, finding.code());
        assertTrue(finding.message().contains("nor the client ID https://CLAUDE.ai/oauth/claude-code-client-metadata. "
                + "Closest: Client Workload 'A' registers " + ClientIdExamples.A_CLIENT_ID
                + " (host case differs: CLAUDE.ai vs claude.ai)"), finding.message());
    }

    @Test
    void aStepOneFailureIsNotMatchedFurtherButTheClientIdIsStillChecked() {
        Resolution resolution = Resolver.resolve(AuthorizationRequest.of("http://evil.example.com/cb", RESOURCE,
                "http://tool.example/meta"), examples());

        assertEquals(List.of(FindingCode.REDIRECT_URI_INVALID, FindingCode.CLIENT_ID_METADATA_URL_INVALID,
                FindingCode.SERVER_MATCHED, FindingCode.POLICY_NOT_EVALUATED), Snapshots.codes(resolution));
        assertNull(resolution.client());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "https://claude.ai/oauth/claude-code-client-metadata | -",
            "https://app.example.com/client.json?v=2 | -",
            "abc123 | -",
            "urn:example:client | -",
            "http://tool.example/meta | its scheme is not https",
            "HTTPS://tool.example/meta | its scheme is not https",
            "https://tool.example | it has no path",
            "https://tool.example/ | it has no path",
            "https://tool.example/meta#x | it has a fragment ('#')",
            "https://user@tool.example/meta | it has userinfo ('…@' before the host)",
            "https://tool.example/a/../meta | its path has a '.' or '..' segment",
            "https://tool.example/./meta | its path has a '.' or '..' segment",
            "https:///meta | it has no host"})
    void metadataUrlProblems(String clientId, String problem) {
        assertEquals(problem, ClientIds.metadataUrlProblem(clientId));
        Resolution resolution = Resolver.resolve(AuthorizationRequest.of("http://localhost:7/callback", RESOURCE,
                clientId), examples());
        assertEquals(problem != null, resolution.has(FindingCode.CLIENT_ID_METADATA_URL_INVALID));
    }

    @Test
    void snapshotFindsAWorkloadByItsClientId() {
        assertEquals("A", examples().clientByClientId(ClientIdExamples.A_CLIENT_ID).orElseThrow().name());
        assertTrue(examples().clientByClientId(null).isEmpty());
        assertTrue(examples().clientByClientId(ClientIdExamples.A_CLIENT_ID + "/").isEmpty());
    }

}
