package org.mcptrace.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The input rules of {@link ConfigurationChanges} and the services that need no database. */
class ConfigurationRulesTest {

    @Test
    void namesAreStrippedAndRequired() {
        assertEquals("VS Code", ConfigurationChanges.name("  VS Code "));
        assertRejected("name", () -> ConfigurationChanges.name(null));
        assertRejected("name", () -> ConfigurationChanges.name("   "));
        assertRejected("name", () -> ConfigurationChanges.name("x".repeat(ConfigurationChanges.NAME_MAX + 1)));
        assertRejected("name", () -> ConfigurationChanges.name("two\nlines"));
        assertEquals(ConfigurationChanges.NAME_MAX, ConfigurationChanges.name("x".repeat(ConfigurationChanges.NAME_MAX)).length());
    }

    @Test
    void namesCompareWithoutCase() {
        assertTrue(ConfigurationChanges.sameName("VS Code", "vs code"));
        assertTrue(!ConfigurationChanges.sameName("VS Code", "VS Code 2"));
    }

    @Test
    void descriptionsAreOptional() {
        assertEquals("", ConfigurationChanges.description(null));
        assertEquals("editor", ConfigurationChanges.description(" editor "));
        assertRejected("description", () -> ConfigurationChanges.description("x".repeat(ConfigurationChanges.DESCRIPTION_MAX + 1)));
    }

    @Test
    void redirectUrisAreStrippedAndKeepTheirOrder() {
        assertEquals(List.of("https://vscode.dev/redirect", "http://127.0.0.1:33418/", "cursor://anysphere.cursor-mcp/cb"),
                ClientWorkloadService.redirectUris(List.of(" https://vscode.dev/redirect", "http://127.0.0.1:33418/ ",
                        "cursor://anysphere.cursor-mcp/cb")));
    }

    @Test
    void atLeastOneRedirectUriIsRequired() {
        assertRejected("redirectUris", () -> ClientWorkloadService.redirectUris(null));
        assertRejected("redirectUris", () -> ClientWorkloadService.redirectUris(List.of()));
        assertRejected("redirectUris", () -> ClientWorkloadService.redirectUris(List.of(" ")));
        assertRejected("redirectUris[1]", () -> ClientWorkloadService.redirectUris(Arrays.asList("https://a.example/cb", null)));
    }

    @Test
    void aWorkloadNeedsARedirectUriOrAClientId() {
        assertRejected("redirectUris", () -> ClientWorkloadService.identifiers(null, null));
        assertRejected("redirectUris", () -> ClientWorkloadService.identifiers(List.of(" "), List.of("")));
        assertEquals(new ClientWorkloadService.Identifiers(List.of(), List.of("codex-cli")),
                ClientWorkloadService.identifiers(List.of(), List.of(" codex-cli ")));
        assertEquals(new ClientWorkloadService.Identifiers(List.of("http://127.0.0.1/callback"), List.of()),
                ClientWorkloadService.identifiers(List.of("http://127.0.0.1/callback"), null));
    }

    @Test
    void clientIdsAreStrippedPrintableAndNotRepeated() {
        assertEquals(List.of("https://claude.ai/oauth/claude-code-client-metadata", "abc123"),
                ClientWorkloadService.clientIds(List.of(" https://claude.ai/oauth/claude-code-client-metadata", "abc123 ")));
        assertRejected("clientIds[1]", () -> ClientWorkloadService.clientIds(Arrays.asList("a", null)));
        assertRejected("clientIds[1]", () -> ClientWorkloadService.clientIds(List.of("a", " a")));
        assertRejected("clientIds[0]", () -> ClientWorkloadService.clientIds(List.of("caf\u00e9")));
        assertRejected("clientIds[0]", () -> ClientWorkloadService.clientIds(List.of("a\tb")));
        assertRejected("clientIds[0]", () -> ClientWorkloadService.clientIds(List.of("x".repeat(ConfigurationChanges.URI_MAX + 1))));
        // compared exactly: a URL that differs by a trailing slash is another client ID
        assertEquals(2, ClientWorkloadService.clientIds(List.of("https://a.example/m", "https://a.example/m/")).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/callback", "https://a.example/cb#x", "https://user@a.example/cb",
            "http://a.example/cb", "javascript:alert(1)", "data:text/html,x", "file:///etc/passwd"})
    void invalidRedirectUrisNameTheirPosition(String uri) {
        ConfigurationRejected rejected = assertRejected("redirectUris[1]",
                () -> ClientWorkloadService.redirectUris(List.of("https://ok.example/cb", uri)));
        assertTrue(rejected.getMessage().contains(uri), rejected.getMessage());
    }

    @Test
    void loopbackUrisDifferingOnlyByPortRepeatEachOther() {
        ConfigurationRejected rejected = assertRejected("redirectUris[1]", () -> ClientWorkloadService.redirectUris(
                List.of("http://127.0.0.1:33418/cb", "http://127.0.0.1:5000/cb")));
        assertTrue(rejected.getMessage().contains("port"), rejected.getMessage());
        assertRejected("redirectUris[1]", () -> ClientWorkloadService.redirectUris(
                List.of("https://a.example/cb", "https://a.example/cb")));
        // R2 compares the host literally, so these are two URIs
        assertEquals(2, ClientWorkloadService.redirectUris(List.of("http://127.0.0.1/cb", "http://localhost/cb")).size());
    }

    @Test
    void resourceUrlsMustBeAbsoluteHttpWithoutFragmentOrUserinfo() {
        assertEquals("https://mcp.example.com/mcp", ServerWorkloadService.resourceUrl(" https://mcp.example.com/mcp "));
        assertEquals("http://localhost:8080/mcp", ServerWorkloadService.resourceUrl("http://localhost:8080/mcp"));
        for (String bad : Arrays.asList(null, "", "mcp.example.com/mcp", "https://mcp.example.com/mcp#x",
                "https://user:pw@mcp.example.com/mcp", "ftp://mcp.example.com/mcp", "urn:example:mcp")) {
            assertRejected("resourceUrl", () -> ServerWorkloadService.resourceUrl(bad));
        }
    }

    private static ConfigurationRejected assertRejected(String field, Runnable action) {
        ConfigurationRejected rejected = assertThrows(ConfigurationRejected.class, action::run);
        assertEquals(ConfigurationRejected.Kind.INVALID, rejected.kind());
        assertEquals(field, rejected.field(), rejected.getMessage());
        assertTrue(!rejected.getMessage().isBlank());
        return rejected;
    }
}
