package org.mcptrace.domain.resolution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds small configurations for tests without the noise of record constructors. */
final class Snapshots {

    private final List<ClientWorkloadSnapshot> clients = new ArrayList<>();
    private final List<ServerWorkloadSnapshot> servers = new ArrayList<>();
    private final List<AccessPolicySnapshot> policies = new ArrayList<>();

    static Snapshots builder() {
        return new Snapshots();
    }

    Snapshots client(long id, String name, String... redirectUris) {
        clients.add(new ClientWorkloadSnapshot(id, name, true, Arrays.asList(redirectUris)));
        return this;
    }

    Snapshots inactiveClient(long id, String name, String... redirectUris) {
        clients.add(new ClientWorkloadSnapshot(id, name, false, Arrays.asList(redirectUris)));
        return this;
    }

    Snapshots server(long id, String name, String resourceUrl) {
        servers.add(new ServerWorkloadSnapshot(id, name, true, resourceUrl));
        return this;
    }

    Snapshots inactiveServer(long id, String name, String resourceUrl) {
        servers.add(new ServerWorkloadSnapshot(id, name, false, resourceUrl));
        return this;
    }

    Snapshots policy(long id, String name, long clientId, long serverId) {
        policies.add(new AccessPolicySnapshot(id, name, true, clientId, serverId));
        return this;
    }

    Snapshots inactivePolicy(long id, String name, long clientId, long serverId) {
        policies.add(new AccessPolicySnapshot(id, name, false, clientId, serverId));
        return this;
    }

    ConfigurationSnapshot build() {
        return ConfigurationSnapshot.of(42, clients, servers, policies);
    }

    /** One client registering {@code redirectUri}, one server, one active policy between them. */
    static ConfigurationSnapshot withClient(String redirectUri) {
        return builder().client(1, "Client", redirectUri).server(2, "Server", "https://mcp.example.com/mcp")
                .policy(3, "Policy", 1, 2).build();
    }

    /** One server registering {@code resourceUrl}, one client, one active policy between them. */
    static ConfigurationSnapshot withServer(String resourceUrl) {
        return builder().client(1, "Client", "https://client.example.com/cb").server(2, "Docs", resourceUrl)
                .policy(3, "Policy", 1, 2).build();
    }

    static List<Difference> differences(String spaceSeparated) {
        if (spaceSeparated == null || spaceSeparated.isBlank()) {
            return List.of();
        }
        return Arrays.stream(spaceSeparated.trim().split("\\s+")).map(Difference::valueOf).toList();
    }

    static List<FindingCode> codes(Resolution resolution) {
        return resolution.findings().stream().map(Finding::code).toList();
    }

    private Snapshots() {
    }
}
