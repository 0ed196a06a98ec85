package org.mcptrace.domain.resolution;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration at one revision, with a map for each lookup the matching rules make, so that resolving a request
 * costs a handful of lookups whatever the number of workloads. Built once, never written afterwards, so it can be
 * shared freely between threads.
 *
 * <p>Uniqueness is the configuration layer's job; should the data still hold duplicates, the first one in the
 * given order wins, so that resolution stays deterministic.
 */
public final class ConfigurationSnapshot {

    private static final ConfigurationSnapshot EMPTY = new ConfigurationSnapshot(0, List.of(), List.of(), List.of());

    /** A registered redirect URI and the Client Workload that registers it. */
    record Registration(ClientWorkloadSnapshot workload, String redirectUri) {
    }

    private record Pair(long clientWorkloadId, long serverWorkloadId) {

        /**
         * The record's own hash, 31 * client + server, gives workloads numbered in step (client i, server n + i) hashes
         * that share their low bits, which HashMap uses to pick a bucket; at 100,000 policies that made building the
         * map most of the snapshot's cost. Mixing the client's id first spreads them.
         */
        @Override
        public int hashCode() {
            return Long.hashCode(clientWorkloadId * 0x9E3779B97F4A7C15L ^ serverWorkloadId);
        }
    }

    private final long revision;
    private final List<ClientWorkloadSnapshot> clients;
    private final List<ServerWorkloadSnapshot> servers;
    private final List<AccessPolicySnapshot> policies;
    private final Map<Long, ClientWorkloadSnapshot> clientsById;
    private final Map<Long, ServerWorkloadSnapshot> serversById;
    private final Map<Long, AccessPolicySnapshot> policiesById;

    /** R1: by registered redirect URI, as written. */
    final Map<String, Registration> clientsByRedirectUri;
    /** R2: by {@link RedirectUris#loopbackKey loopback key} (the URI without its port). */
    final Map<String, Registration> clientsByLoopbackKey = new HashMap<>();
    final NearMissIndex clientNearMisses;
    /** C1: by registered client ID, as written. */
    final Map<String, ClientWorkloadSnapshot> clientsByClientId;
    /** Registered client IDs that are URLs, for near misses of a client_id no rule matched. */
    final NearMissIndex clientIdNearMisses;

    /** S1: by registered resource URL, as written. */
    final Map<String, ServerWorkloadSnapshot> serversByResourceUrl;
    /** S2 and S3: by canonical resource URL. */
    final Map<String, ServerWorkloadSnapshot> serversByCanonicalUrl;
    /** S4: for each canonical origin or path strictly above a registered resource URL, the workloads below it. */
    final Map<String, List<ServerWorkloadSnapshot>> serversBelow = new HashMap<>();
    /** Length of the longest canonical origin and path registered; S3 need not try longer prefixes. */
    final int longestCanonicalBase;
    final NearMissIndex serverNearMisses;

    /** Step 4: by the pair of workloads it connects. */
    private final Map<Pair, AccessPolicySnapshot> policiesByPair;

    private ConfigurationSnapshot(long revision, Collection<ClientWorkloadSnapshot> clients,
            Collection<ServerWorkloadSnapshot> servers, Collection<AccessPolicySnapshot> policies) {
        this.revision = revision;
        this.clients = Copies.withoutNulls(clients);
        this.servers = Copies.withoutNulls(servers);
        this.policies = Copies.withoutNulls(policies);
        int uris = this.clients.stream().mapToInt(client -> client.redirectUris().size()).sum();
        int ids = this.clients.stream().mapToInt(client -> client.clientIds().size()).sum();
        // sized up front: at 100,000 workloads growing them step by step costs a good part of the build
        clientsById = sized(this.clients.size());
        clientsByRedirectUri = sized(uris);
        clientsByClientId = sized(ids);
        serversById = sized(this.servers.size());
        serversByResourceUrl = sized(this.servers.size());
        serversByCanonicalUrl = sized(this.servers.size());
        policiesById = sized(this.policies.size());
        policiesByPair = sized(this.policies.size());

        List<NearMissIndex.Entry> redirectUris = new ArrayList<>(uris);
        List<NearMissIndex.Entry> clientIds = new ArrayList<>(ids);
        for (ClientWorkloadSnapshot client : this.clients) {
            clientsById.putIfAbsent(client.id(), client);
            for (String uri : client.redirectUris()) {
                Registration registration = new Registration(client, uri);
                UriParts parts = UriParts.parse(uri);
                clientsByRedirectUri.putIfAbsent(uri, registration);
                String loopbackKey = RedirectUris.loopbackKey(parts);
                if (loopbackKey != null) {
                    clientsByLoopbackKey.putIfAbsent(loopbackKey, registration);
                }
                redirectUris.add(new NearMissIndex.Entry(client.id(), client.name(), parts));
            }
            for (String clientId : client.clientIds()) {
                clientsByClientId.putIfAbsent(clientId, client);
                if (ClientIds.isMetadataUrl(clientId)) {
                    clientIds.add(new NearMissIndex.Entry(client.id(), client.name(), UriParts.parse(clientId)));
                }
            }
        }
        clientNearMisses = new NearMissIndex(redirectUris, true);
        clientIdNearMisses = new NearMissIndex(clientIds, false);

        List<NearMissIndex.Entry> resourceUrls = new ArrayList<>(this.servers.size());
        int longestBase = 0;
        for (ServerWorkloadSnapshot server : this.servers) {
            serversById.putIfAbsent(server.id(), server);
            String url = server.resourceUrl();
            if (url == null) {
                continue;
            }
            serversByResourceUrl.putIfAbsent(url, server);
            UriParts parts = UriParts.parse(url);
            if (!parts.isAbsolute()) {
                continue;
            }
            ResourceUrls.Canonical canonical = ResourceUrls.canonicalOf(parts);
            serversByCanonicalUrl.putIfAbsent(canonical.text(), server);
            longestBase = Math.max(longestBase, canonical.pathEnd());
            if (canonical.hierarchical()) {
                fileAboveItsPath(server, canonical);
            }
            resourceUrls.add(new NearMissIndex.Entry(server.id(), server.name(), parts));
        }
        longestCanonicalBase = longestBase;
        serverNearMisses = new NearMissIndex(resourceUrls, false);

        for (AccessPolicySnapshot policy : this.policies) {
            policiesById.putIfAbsent(policy.id(), policy);
            // with duplicates an active policy is what an authorization server would act on
            policiesByPair.merge(new Pair(policy.clientWorkloadId(), policy.serverWorkloadId()), policy,
                    (first, next) -> !first.active() && next.active() ? next : first);
        }
    }

    /** Files the workload under its origin and every path strictly above its own, for S4. */
    private void fileAboveItsPath(ServerWorkloadSnapshot server, ResourceUrls.Canonical canonical) {
        String text = canonical.text();
        // every '/' in the path ends a strictly shorter ancestor; the first one gives the origin itself
        for (int i = canonical.pathStart(); i < canonical.pathEnd(); i++) {
            if (text.charAt(i) == '/') {
                serversBelow.computeIfAbsent(text.substring(0, i), key -> new ArrayList<>(1)).add(server);
            }
        }
    }

    private static <K, V> Map<K, V> sized(int entries) {
        return new HashMap<>(entries * 4 / 3 + 1);
    }

    public static ConfigurationSnapshot of(long revision, Collection<ClientWorkloadSnapshot> clients,
            Collection<ServerWorkloadSnapshot> servers, Collection<AccessPolicySnapshot> policies) {
        return new ConfigurationSnapshot(revision, clients, servers, policies);
    }

    public static ConfigurationSnapshot empty() {
        return EMPTY;
    }

    public long revision() {
        return revision;
    }

    public List<ClientWorkloadSnapshot> clients() {
        return clients;
    }

    public List<ServerWorkloadSnapshot> servers() {
        return servers;
    }

    public List<AccessPolicySnapshot> policies() {
        return policies;
    }

    public Optional<ClientWorkloadSnapshot> client(long id) {
        return Optional.ofNullable(clientsById.get(id));
    }

    public Optional<ServerWorkloadSnapshot> server(long id) {
        return Optional.ofNullable(serversById.get(id));
    }

    public Optional<AccessPolicySnapshot> policy(long id) {
        return Optional.ofNullable(policiesById.get(id));
    }

    public Optional<AccessPolicySnapshot> policyFor(long clientWorkloadId, long serverWorkloadId) {
        return Optional.ofNullable(policiesByPair.get(new Pair(clientWorkloadId, serverWorkloadId)));
    }

    /** The Client Workload that registers exactly this client ID, if any. */
    public Optional<ClientWorkloadSnapshot> clientByClientId(String clientId) {
        return Optional.ofNullable(clientId == null ? null : clientsByClientId.get(clientId));
    }

    /** The Client Workload that registers exactly this redirect URI, if any. */
    public Optional<ClientWorkloadSnapshot> clientByRedirectUri(String uri) {
        return Optional.ofNullable(clientsByRedirectUri.get(uri)).map(Registration::workload);
    }
}
