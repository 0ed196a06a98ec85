package org.mcptrace.domain.resolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ClientMetadataCheckTest {

    static final String URL = "https://claude.ai/oauth/claude-code-client-metadata";
    static final Instant AT = Instant.parse("2026-11-30T09:00:00Z");

    static Map<String, Object> document(Object... members) {
        Map<String, Object> json = new HashMap<>();
        json.put("client_id", URL);
        json.put("client_name", "Claude Code");
        json.put("client_uri", "https://claude.ai");
        json.put("redirect_uris", List.of("http://127.0.0.1/callback", "http://localhost/callback"));
        for (int i = 0; i < members.length; i += 2) {
            json.put((String) members[i], members[i + 1]);
        }
        return json;
    }

    /** The document as parsed, and the verdict it gets: status and a word of the problem. */
    static Stream<Arguments> documents() {
        return Stream.of(
                Arguments.of(document(), ClientMetadataVerdict.Status.VALID, null),
                Arguments.of(document("client_id", URL + "/"), ClientMetadataVerdict.Status.INVALID, "differs"),
                Arguments.of(document("client_id", "HTTPS://claude.ai/oauth/claude-code-client-metadata"),
                        ClientMetadataVerdict.Status.INVALID, "differs"),
                Arguments.of(document("client_id", null), ClientMetadataVerdict.Status.INVALID, "no client_id"),
                Arguments.of(document("client_id", BigDecimal.ONE), ClientMetadataVerdict.Status.INVALID,
                        "not a string"),
                Arguments.of(document("redirect_uris", null), ClientMetadataVerdict.Status.INVALID,
                        "no redirect_uris"),
                Arguments.of(document("redirect_uris", "http://127.0.0.1/callback"),
                        ClientMetadataVerdict.Status.INVALID, "not a non-empty array of strings"),
                Arguments.of(document("redirect_uris", List.of()), ClientMetadataVerdict.Status.INVALID,
                        "not a non-empty array of strings"),
                Arguments.of(document("redirect_uris", List.of("http://127.0.0.1/callback", BigDecimal.TEN)),
                        ClientMetadataVerdict.Status.INVALID, "not a non-empty array of strings"),
                Arguments.of(document("client_secret", "s3cret"), ClientMetadataVerdict.Status.INVALID,
                        "client_secret"),
                Arguments.of(document("token_endpoint_auth_method", "client_secret_basic"),
                        ClientMetadataVerdict.Status.INVALID, "shared secret"),
                Arguments.of(document("token_endpoint_auth_method", "none"), ClientMetadataVerdict.Status.VALID, null),
                Arguments.of(document("token_endpoint_auth_method", "private_key_jwt"),
                        ClientMetadataVerdict.Status.VALID, null),
                Arguments.of(List.of(URL), ClientMetadataVerdict.Status.INVALID, "not an object"),
                Arguments.of("just a string", ClientMetadataVerdict.Status.INVALID, "not an object"));
    }

    @ParameterizedTest
    @MethodSource("documents")
    void judgesTheDocument(Object json, ClientMetadataVerdict.Status status, String problem) {
        ClientMetadataVerdict verdict = ClientMetadataVerdict.judge(URL, json, AT);
        assertEquals(status, verdict.status(), verdict.toString());
        if (problem == null) {
            assertNull(verdict.problem());
        } else {
            assertTrue(verdict.problem().contains(problem), verdict.problem());
        }
    }

    /** Listed redirect URIs (|-separated), presented redirect URI, finding, whether the loopback rule is mentioned. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "http://127.0.0.1/callback; http://127.0.0.1/callback; CLIENT_METADATA_VERIFIED; false",
        "https://claude.ai/api/mcp/auth_callback; https://claude.ai/api/mcp/auth_callback; CLIENT_METADATA_VERIFIED; false",
        // the real failure: the document lists no port, the CLI sends one
        "http://127.0.0.1/callback; http://127.0.0.1:52163/callback; CLIENT_METADATA_REDIRECT_URI_NOT_LISTED; true",
        "http://localhost:33418/callback; http://localhost:52163/callback; CLIENT_METADATA_REDIRECT_URI_NOT_LISTED; true",
        "http://127.0.0.1/callback; http://localhost:52163/callback; CLIENT_METADATA_REDIRECT_URI_NOT_LISTED; false",
        "http://127.0.0.1/callback; http://127.0.0.1:52163/cb; CLIENT_METADATA_REDIRECT_URI_NOT_LISTED; false",
        "https://claude.ai/api/mcp/auth_callback; https://claude.ai/api/mcp/auth_callback/; CLIENT_METADATA_REDIRECT_URI_NOT_LISTED; false",
        // https never matches by port: the loopback rule is for http on a loopback host only
        "https://127.0.0.1/callback; https://127.0.0.1:8443/callback; CLIENT_METADATA_REDIRECT_URI_NOT_LISTED; false",
        "http://a.example/cb|http://127.0.0.1/callback; http://127.0.0.1:1/callback; CLIENT_METADATA_REDIRECT_URI_NOT_LISTED; true",
    })
    void looksForThePresentedRedirectUri(String listed, String presented, FindingCode code, boolean loopback) {
        ClientMetadataVerdict verdict = ClientMetadataVerdict.judge(URL,
                document("redirect_uris", List.of(listed.split("\\|"))), AT);
        Finding finding = ClientMetadataCheck.finding(verdict, List.of(presented));
        assertEquals(code, finding.code(), finding.message());
        assertEquals(loopback, finding.message().contains("loopback rule (port ignored"), finding.message());
        if (code == FindingCode.CLIENT_METADATA_REDIRECT_URI_NOT_LISTED) {
            assertEquals(Severity.ERROR, finding.severity());
            assertFalse(finding.nearMisses().isEmpty(), "the listed URIs are shown to compare");
            assertEquals(ClientMetadataCheck.DOCUMENT, finding.nearMisses().get(0).workloadName());
        }
    }

    /** A finding of each code the check makes. */
    static List<Finding> oneOfEach() {
        List<String> listed = List.of("http://127.0.0.1/callback");
        return List.of(
                ClientMetadataCheck.finding(ClientMetadataVerdict.pending(URL, "the fetch is queued"), listed),
                ClientMetadataCheck.finding(ClientMetadataVerdict.unreachable(URL, "timeout", AT), listed),
                ClientMetadataCheck.finding(ClientMetadataVerdict.judge(URL, List.of(), AT), listed),
                ClientMetadataCheck.finding(ClientMetadataVerdict.judge(URL, document(), AT), listed),
                ClientMetadataCheck.finding(ClientMetadataVerdict.judge(URL, document(), AT),
                        List.of("http://127.0.0.1:1/callback")));
    }

    @Test
    void eachVerdictHasItsFindingAndSeverity() {
        assertEquals(List.of(FindingCode.CLIENT_METADATA_PENDING, FindingCode.CLIENT_METADATA_UNREACHABLE,
                FindingCode.CLIENT_METADATA_INVALID, FindingCode.CLIENT_METADATA_VERIFIED,
                FindingCode.CLIENT_METADATA_REDIRECT_URI_NOT_LISTED),
                oneOfEach().stream().map(Finding::code).toList());
        assertNull(ClientMetadataCheck.finding(null, List.of("http://127.0.0.1/callback")));
        Finding pending = ClientMetadataCheck.finding(ClientMetadataVerdict.pending(URL, "the fetch is queued"),
                List.of("http://127.0.0.1/callback"));
        assertEquals(FindingCode.CLIENT_METADATA_PENDING, pending.code());
        assertEquals(Severity.INFO, pending.severity());
        assertTrue(pending.message().contains("not been fetched yet"), pending.message());
        Finding unreachable = ClientMetadataCheck.finding(ClientMetadataVerdict.unreachable(URL,
                "it answered HTTP 404 instead of 200", AT), List.of("http://127.0.0.1/callback"));
        assertEquals(FindingCode.CLIENT_METADATA_UNREACHABLE, unreachable.code());
        assertEquals(Severity.WARNING, unreachable.severity());
        Finding invalid = ClientMetadataCheck.finding(ClientMetadataVerdict.judge(URL, document("client_id",
                "https://evil.example/meta"), AT), List.of("http://127.0.0.1/callback"));
        assertEquals(FindingCode.CLIENT_METADATA_INVALID, invalid.code());
        assertEquals(Severity.ERROR, invalid.severity());
        Finding noRedirect = ClientMetadataCheck.finding(ClientMetadataVerdict.judge(URL, document(), AT), List.of());
        assertEquals(FindingCode.CLIENT_METADATA_VERIFIED, noRedirect.code());
    }

    @Test
    void hostileTextIsShortenedAndItsControlsEscaped() {
        String hostile = "https://evil.example/\u001b[31m" + "x".repeat(5000);
        ClientMetadataVerdict verdict = ClientMetadataVerdict.judge(URL, document("client_id", hostile,
                "client_name", "<script>alert(1)</script>"), AT);
        assertEquals(ClientMetadataVerdict.Status.INVALID, verdict.status());
        assertFalse(verdict.problem().contains("\u001b"), verdict.problem());
        assertTrue(verdict.problem().length() < 600, "shortened: " + verdict.problem().length());
        assertEquals("<script>alert(1)</script>", verdict.document().clientName(), "kept as data, escaped where shown");
        ClientMetadataVerdict redirected = ClientMetadataVerdict.unreachable(URL, "redirecting to \r\nSet-Cookie: x", AT);
        assertFalse(redirected.problem().contains("\n"), redirected.problem());
    }

    /** client_id, whether mcptrace may fetch it. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', nullValues = "null", value = {
        "https://claude.ai/oauth/claude-code-client-metadata; true",
        "https://tool.example:8443/meta.json?v=1; true",
        "http://tool.example/meta; false",
        "https://tool.example; false",
        "https://tool.example/; false",
        "https://user@tool.example/meta; false",
        "https://tool.example/meta#x; false",
        "https://tool.example/a/../meta; false",
        "https://tool.example/./meta; false",
        "abc123; false",
        "null; false",
        "https:///meta; false",
        "https://tool example/meta; false",
    })
    void fetchesOnlyHttpsUrlsAnAuthorizationServerWouldAccept(String clientId, boolean fetchable) {
        assertEquals(fetchable, ClientMetadataCheck.isFetchable(clientId), clientId);
    }

    @Test
    void resolutionAddsTheCheckAfterTheClientSideAndTheSeverityFollows() {
        AuthorizationRequest request = AuthorizationRequest.of("http://127.0.0.1:52163/callback",
                "https://mcp.example.com/mcp", URL);
        Resolution without = Resolver.resolve(request, ConfigurationSnapshot.empty());
        Resolution with = Resolver.resolve(request, ConfigurationSnapshot.empty(),
                ClientMetadataVerdict.judge(URL, document(), AT));
        assertEquals(without.findings().size() + 1, with.findings().size());
        assertEquals(FindingCode.CLIENT_METADATA_REDIRECT_URI_NOT_LISTED, with.findings().get(1).code());
        Resolution unreachable = Resolver.resolve(AuthorizationRequest.of("http://127.0.0.1/callback", null, URL),
                ConfigurationSnapshot.empty(), ClientMetadataVerdict.unreachable(URL, "timeout", AT));
        assertTrue(unreachable.has(FindingCode.CLIENT_METADATA_UNREACHABLE));
    }
}
