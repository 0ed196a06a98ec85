package org.mcptrace.domain.resolution;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Immutable configuration at one revision, indexed so that resolving a request costs a handful of hash lookups
 * whatever the number of workloads. Safe to share between threads once built.
 *
 * <p>Uniqueness is the configuration layer's job; should the data still hold duplicates, the first one in the
 * given order wins, so that resolution stays deterministic.
 */
public final class ConfigurationSnapshot {

    private static final ConfigurationSnapshot EMPTY = new ConfigurationSnapshot(0, List.of(), List.of(), List.of());

    /** Flattened rather than pointing at the view, to save a memory indirection on every match. */
    static final class ClientEntry {
        private final long id;
        private final String name;
        private final boolean active;
        private final String registered;
        /**
         * The outcome of an exact match, kept after the first one: at 100,000 workloads, rebuilding the message would
         * read the name from memory no cache holds. Unsynchronised on purpose: the value is immutable, and two
         * threads racing at worst build it twice.
         */
        Outcome<ClientMatch> exact;

        ClientEntry(long id, String name, boolean active, String registered) {
            this.id = id;
            this.name = name;
            this.active = active;
            this.registered = registered;
        }

        long id() {
            return id;
        }

        String name() {
            return name;
        }

        boolean active() {
            return active;
        }

        String registered() {
            return registered;
        }
    }

    /** One side's match and finding, or a policy's, as resolution reports them; immutable, so shared by entries. */
    record Outcome<M>(M match, Finding finding) {
    }

    /** A Server Workload under its exact resource URL, with the exact match's outcome once built (see ClientEntry). */
    static final class ServerEntry {
        final ServerWorkloadView view;
        Outcome<ServerMatch> exact;

        ServerEntry(ServerWorkloadView view) {
            this.view = view;
        }
    }

    /** A policy with its outcome once built, and the two names that outcome's message was worded with. */
    static final class PolicyEntry {
        final AccessPolicyView view;
        PolicyOutcome outcome;

        PolicyEntry(AccessPolicyView view) {
            this.view = view;
        }
    }

    record PolicyOutcome(PolicyMatch match, Finding finding, String clientName, String serverName) {
    }

    private record Pair(long clientWorkloadId, long serverWorkloadId) {
    }

    private final long revision;
    private final List<ClientWorkloadView> clients;
    private final List<ServerWorkloadView> servers;
    private final List<AccessPolicyView> policies;
    private final Map<Long, ClientWorkloadView> clientsById;
    private final Map<Long, ServerWorkloadView> serversById;
    private final Map<Long, AccessPolicyView> policiesById;

    private final Map<String, ClientEntry> clientsByUri;
    private final Map<String, ClientEntry> clientsByLoopbackKey;
    private final NearMissIndex clientNearMisses = new NearMissIndex(true);

    private final Map<String, ServerEntry> serversByUrl;
    private final Map<String, ServerWorkloadView> serversByCanonical;
    /** For each canonical origin or path strictly above a registered resource, the workloads below it (S4). */
    private final Map<String, List<ServerWorkloadView>> serversBelow;
    private final NearMissIndex serverNearMisses = new NearMissIndex(false);
    private final int longestServerBase;

    private final Map<Pair, PolicyEntry> policiesByPair;

    private ConfigurationSnapshot(long revision, Collection<ClientWorkloadView> clients,
            Collection<ServerWorkloadView> servers, Collection<AccessPolicyView> policies) {
        this.revision = revision;
        this.clients = Copies.withoutNulls(clients);
        this.servers = Copies.withoutNulls(servers);
        this.policies = Copies.withoutNulls(policies);

        clientsById = new HashMap<>(capacity(this.clients.size()));
        clientsByUri = new HashMap<>(capacity(this.clients.size()));
        clientsByLoopbackKey = new HashMap<>();
        for (ClientWorkloadView client : this.clients) {
            clientsById.putIfAbsent(client.id(), client);
            for (String uri : client.redirectUris()) {
                ClientEntry entry = new ClientEntry(client.id(), client.name(), client.active(), uri);
                clientsByUri.putIfAbsent(uri, entry);
                UriParts parts = UriParts.parse(uri);
                String loopbackKey = RedirectUris.loopbackKey(parts);
                if (loopbackKey != null) {
                    clientsByLoopbackKey.putIfAbsent(loopbackKey, entry);
                }
                clientNearMisses.add(client.id(), client.name(), parts);
            }
        }

        serversById = new HashMap<>(capacity(this.servers.size()));
        serversByUrl = new HashMap<>(capacity(this.servers.size()));
        serversByCanonical = new HashMap<>(capacity(this.servers.size()));
        serversBelow = new HashMap<>();
        int longestBase = 0;
        for (ServerWorkloadView server : this.servers) {
            serversById.putIfAbsent(server.id(), server);
            String url = server.resourceUrl();
            if (url == null) {
                continue;
            }
            serversByUrl.putIfAbsent(url, new ServerEntry(server));
            UriParts parts = UriParts.parse(url);
            if (!parts.isAbsolute()) {
                continue;
            }
            ResourceUrls.Canonical canonical = ResourceUrls.canonicalOf(parts);
            serversByCanonical.putIfAbsent(canonical.text(), server);
            longestBase = Math.max(longestBase, canonical.pathEnd());
            if (canonical.hierarchical()) {
                indexAncestors(canonical, server);
            }
            serverNearMisses.add(server.id(), server.name(), parts);
        }
        longestServerBase = longestBase;

        policiesById = new HashMap<>(capacity(this.policies.size()));
        policiesByPair = new HashMap<>(capacity(this.policies.size()));
        for (AccessPolicyView policy : this.policies) {
            policiesById.putIfAbsent(policy.id(), policy);
            Pair pair = new Pair(policy.clientWorkloadId(), policy.serverWorkloadId());
            PolicyEntry existing = policiesByPair.get(pair);
            // with duplicates an active policy is what an authorization server would act on
            if (existing == null || (!existing.view.active() && policy.active())) {
                policiesByPair.put(pair, new PolicyEntry(policy));
            }
        }
    }

    public static ConfigurationSnapshot of(long revision, Collection<ClientWorkloadView> clients,
            Collection<ServerWorkloadView> servers, Collection<AccessPolicyView> policies) {
        return new ConfigurationSnapshot(revision, clients, servers, policies);
    }

    public static ConfigurationSnapshot empty() {
        return EMPTY;
    }

    public long revision() {
        return revision;
    }

    public List<ClientWorkloadView> clients() {
        return clients;
    }

    public List<ServerWorkloadView> servers() {
        return servers;
    }

    public List<AccessPolicyView> policies() {
        return policies;
    }

    public Optional<ClientWorkloadView> client(long id) {
        return Optional.ofNullable(clientsById.get(id));
    }

    public Optional<ServerWorkloadView> server(long id) {
        return Optional.ofNullable(serversById.get(id));
    }

    public Optional<AccessPolicyView> policy(long id) {
        return Optional.ofNullable(policiesById.get(id));
    }

    public Optional<AccessPolicyView> policyFor(long clientWorkloadId, long serverWorkloadId) {
        PolicyEntry entry = policyEntry(clientWorkloadId, serverWorkloadId);
        return entry == null ? Optional.empty() : Optional.of(entry.view);
    }

    PolicyEntry policyEntry(long clientWorkloadId, long serverWorkloadId) {
        return policiesByPair.get(new Pair(clientWorkloadId, serverWorkloadId));
    }

    /** The Client Workload that registers exactly this redirect URI, if any. */
    public Optional<ClientWorkloadView> clientByRedirectUri(String uri) {
        ClientEntry entry = uri == null ? null : clientsByUri.get(uri);
        return entry == null ? Optional.empty() : client(entry.id());
    }

    ClientEntry clientByExactUri(String uri) {
        return clientsByUri.get(uri);
    }

    ClientEntry clientByLoopbackKey(String key) {
        return clientsByLoopbackKey.get(key);
    }

    NearMissIndex clientNearMisses() {
        return clientNearMisses;
    }

    ServerEntry serverByExactUrl(String url) {
        return serversByUrl.get(url);
    }

    ServerWorkloadView serverByCanonical(String canonical) {
        return serversByCanonical.get(canonical);
    }

    List<ServerWorkloadView> serversBelow(String canonicalBase) {
        List<ServerWorkloadView> below = serversBelow.get(canonicalBase);
        return below == null ? List.of() : below;
    }

    /** Length of the longest registered canonical origin and path; longer prefixes cannot match. */
    int longestServerBase() {
        return longestServerBase;
    }

    NearMissIndex serverNearMisses() {
        return serverNearMisses;
    }

    private void indexAncestors(ResourceUrls.Canonical canonical, ServerWorkloadView server) {
        String text = canonical.text();
        // every '/' in the path ends a strictly shorter ancestor; the first one gives the origin itself
        for (int i = canonical.pathStart(); i < canonical.pathEnd(); i++) {
            if (text.charAt(i) == '/') {
                serversBelow.computeIfAbsent(text.substring(0, i), key -> new ArrayList<>(1)).add(server);
            }
        }
    }

    private static int capacity(int expected) {
        return (int) Math.min(1 << 30, expected * 4L / 3 + 1);
    }
}
