package org.mcptrace.domain.resolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigurationSnapshotTest {

    private static final ConfigurationSnapshot SNAPSHOT = Snapshots.builder()
            .client(1, "Claude", "https://claude.ai/api/mcp/auth_callback")
            .client(2, "VS Code", "http://127.0.0.1:33418/", "https://vscode.dev/redirect")
            .server(10, "Docs", "https://mcp.example.com/mcp")
            .policy(100, "Claude to Docs", 1, 10)
            .build();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            https://claude.ai/api/mcp/auth_callback | Claude
            https://vscode.dev/redirect             | VS Code
            http://127.0.0.1:33418/                 | VS Code
            http://127.0.0.1:5000/                  | -
            -                                       | -
            """)
    void findsClientsByExactRedirectUri(String uri, String name) {
        assertEquals(Optional.ofNullable(name), SNAPSHOT.clientByRedirectUri(uri).map(ClientWorkloadSnapshot::name));
    }

    @Test
    void looksUpById() {
        assertEquals(42, SNAPSHOT.revision());
        assertEquals("VS Code", SNAPSHOT.client(2).orElseThrow().name());
        assertEquals("Docs", SNAPSHOT.server(10).orElseThrow().name());
        assertEquals("Claude to Docs", SNAPSHOT.policy(100).orElseThrow().name());
        assertEquals(100, SNAPSHOT.policyFor(1, 10).orElseThrow().id());
        assertEquals(Optional.empty(), SNAPSHOT.policyFor(2, 10));
        assertEquals(Optional.empty(), SNAPSHOT.client(10));
    }

    @Test
    void isImmutable() {
        List<ClientWorkloadSnapshot> clients = new ArrayList<>(List.of(
                new ClientWorkloadSnapshot(1, "C", true, List.of("https://a.example.com/cb"))));
        ConfigurationSnapshot snapshot = ConfigurationSnapshot.of(1, clients, null, null);
        clients.clear();

        assertEquals(1, snapshot.clients().size());
        assertThrows(UnsupportedOperationException.class, () -> snapshot.clients().clear());
        assertThrows(UnsupportedOperationException.class, () -> snapshot.clients().get(0).redirectUris().clear());
        assertTrue(snapshot.servers().isEmpty());
        assertTrue(snapshot.policies().isEmpty());
    }

    @Test
    void emptyHasNothing() {
        ConfigurationSnapshot empty = ConfigurationSnapshot.empty();

        assertEquals(0, empty.revision());
        assertTrue(empty.clients().isEmpty());
        assertTrue(empty.servers().isEmpty());
        assertTrue(empty.policies().isEmpty());
    }

    @Test
    void firstOfDuplicateRegistrationsWins() {
        ConfigurationSnapshot snapshot = Snapshots.builder()
                .client(1, "First", "http://127.0.0.1:1/cb")
                .client(2, "Second", "http://127.0.0.1:2/cb")
                .server(10, "First", "https://mcp.example.com/mcp")
                .server(11, "Second", "https://MCP.example.com/mcp").build();

        Resolution resolution = Resolver.resolve(
                AuthorizationRequest.of("http://127.0.0.1:3/cb", "https://mcp.example.com/mcp/", null), snapshot);

        assertEquals(1, resolution.client().id());
        assertEquals(10, resolution.server().id());
    }
}
