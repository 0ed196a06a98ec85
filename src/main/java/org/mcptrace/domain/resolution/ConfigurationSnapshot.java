package org.mcptrace.domain.resolution;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Immutable configuration at one revision, indexed so that resolving a request costs a handful of lookups whatever
 * the number of workloads. Safe to share between threads once built.
 *
 * <p>Uniqueness is the configuration layer's job; should the data still hold duplicates, the first one in the
 * given order wins, so that resolution stays deterministic.
 *
 * <p>The indexes are flat arrays rather than maps of objects: at 100,000 workloads they are far larger than the CPU
 * caches, and every pointer followed is a miss of about 100 ns. Each registered redirect URI is a client entry
 * (numbered in order), each Server Workload a server entry (its position in {@link #servers()}); what resolution
 * needs of an entry lies in parallel arrays under that number, and policies are found by the pair of numbers.
 */
public final class ConfigurationSnapshot {

    /** One side's match and finding, or a policy's, as resolution reports them. */
    record Outcome<M>(M match, Finding finding) {
    }

    private static final ConfigurationSnapshot EMPTY = new ConfigurationSnapshot(0, List.of(), List.of(), List.of());

    static final byte ACTIVE = 1;
    /** The registered string passes step 1 as a request value, so a request equal to it needs no parsing. */
    static final byte VALID = 2;

    private final long revision;
    private final List<ClientWorkloadView> clients;
    private final List<ServerWorkloadView> servers;
    private final List<AccessPolicyView> policies;
    private final Map<Long, ClientWorkloadView> clientsById;
    private final Map<Long, ServerWorkloadView> serversById;
    private final Map<Long, AccessPolicyView> policiesById;

    private final StringTable clientsByUri;
    private final StringTable clientsByLoopbackKey;
    private final NearMissIndex clientNearMisses = new NearMissIndex(true);
    final long[] clientId;
    final String[] clientName;
    final String[] clientUri;
    final byte[] clientFlags;
    /**
     * The outcome of an exact match, kept after the first one: at 100,000 workloads, rebuilding the message would
     * read the name from memory no cache holds. Typed arrays rather than one Object[], whose elements would need a
     * cast, which reads each object's header: a miss per object. Unsynchronised on purpose: the values are immutable,
     * and two threads racing at worst build them twice.
     */
    final ClientMatch[] clientExactMatch;
    final Finding[] clientExactFinding;

    private final StringTable serversByUrl;
    private final StringTable serversByCanonical;
    /** For each canonical origin or path strictly above a registered resource, the workloads below it (S4). */
    private final StringTable serversBelowIndex;
    private final List<int[]> serversBelow;
    private final NearMissIndex serverNearMisses = new NearMissIndex(false);
    private final int longestServerBase;
    final ServerWorkloadView[] server;
    final byte[] serverFlags;
    final ServerMatch[] serverExactMatch;
    final Finding[] serverExactFinding;

    private final Map<Pair, AccessPolicyView> policiesByPair;
    /**
     * Open-addressed on (client entry + 1) << 32 | server entry (0 marks a free slot), each key followed by its
     * policy's flags, so that one miss answers both whether there is a policy and whether it is active.
     */
    private final long[] pairKeys;
    private final int pairMask;
    final AccessPolicyView[] pairPolicy;
    /** The policy's outcome, built on first use like the exact outcomes; a pair's two names are fixed. */
    final PolicyMatch[] pairMatch;
    final Finding[] pairFinding;

    private ConfigurationSnapshot(long revision, Collection<ClientWorkloadView> clients,
            Collection<ServerWorkloadView> servers, Collection<AccessPolicyView> policies) {
        this.revision = revision;
        this.clients = Copies.withoutNulls(clients);
        this.servers = Copies.withoutNulls(servers);
        this.policies = Copies.withoutNulls(policies);

        clientsById = new HashMap<>(capacity(this.clients.size()));
        int entries = 0;
        for (ClientWorkloadView client : this.clients) {
            entries += client.redirectUris().size();
        }
        clientId = new long[entries];
        clientName = new String[entries];
        clientUri = new String[entries];
        clientFlags = new byte[entries];
        clientExactMatch = new ClientMatch[entries];
        clientExactFinding = new Finding[entries];
        Map<Long, List<Integer>> entriesByClientId = new HashMap<>(capacity(this.clients.size()));
        StringTable.Builder byUri = new StringTable.Builder();
        StringTable.Builder byLoopbackKey = new StringTable.Builder();
        int e = 0;
        for (ClientWorkloadView client : this.clients) {
            clientsById.putIfAbsent(client.id(), client);
            for (String uri : client.redirectUris()) {
                clientId[e] = client.id();
                clientName[e] = client.name();
                clientUri[e] = uri;
                UriParts parts = UriParts.parse(uri);
                boolean valid = !uri.isEmpty() && RedirectUris.problemOf(parts) == null;
                clientFlags[e] = (byte) ((client.active() ? ACTIVE : 0) | (valid ? VALID : 0));
                entriesByClientId.computeIfAbsent(client.id(), id -> new ArrayList<>(1)).add(e);
                byUri.putIfAbsent(uri, e << 2 | clientFlags[e]);
                byLoopbackKey.putIfAbsent(RedirectUris.loopbackKey(parts), e << 2 | clientFlags[e]);
                clientNearMisses.add(client.id(), client.name(), parts);
                e++;
            }
        }
        clientsByUri = byUri.build();
        clientsByLoopbackKey = byLoopbackKey.isEmpty() ? StringTable.EMPTY : byLoopbackKey.build();

        int serverCount = this.servers.size();
        serversById = new HashMap<>(capacity(serverCount));
        server = this.servers.toArray(new ServerWorkloadView[0]);
        serverFlags = new byte[serverCount];
        serverExactMatch = new ServerMatch[serverCount];
        serverExactFinding = new Finding[serverCount];
        Map<Long, List<Integer>> entriesByServerId = new HashMap<>(capacity(serverCount));
        StringTable.Builder byUrl = new StringTable.Builder();
        StringTable.Builder byCanonical = new StringTable.Builder();
        Map<String, List<Integer>> below = new LinkedHashMap<>();
        int longestBase = 0;
        for (int s = 0; s < serverCount; s++) {
            ServerWorkloadView view = server[s];
            serversById.putIfAbsent(view.id(), view);
            entriesByServerId.computeIfAbsent(view.id(), id -> new ArrayList<>(1)).add(s);
            String url = view.resourceUrl();
            serverFlags[s] = view.active() ? ACTIVE : 0;
            if (url == null) {
                continue;
            }
            UriParts parts = UriParts.parse(url);
            if (!url.isEmpty() && ResourceUrls.requestProblem(parts) == null) {
                serverFlags[s] |= VALID;
            }
            byUrl.putIfAbsent(url, s << 2 | serverFlags[s]);
            if (!parts.isAbsolute()) {
                continue;
            }
            ResourceUrls.Canonical canonical = ResourceUrls.canonicalOf(parts);
            byCanonical.putIfAbsent(canonical.text(), s);
            longestBase = Math.max(longestBase, canonical.pathEnd());
            if (canonical.hierarchical()) {
                indexAncestors(canonical, s, below);
            }
            serverNearMisses.add(view.id(), view.name(), parts);
        }
        longestServerBase = longestBase;
        serversByUrl = byUrl.build();
        serversByCanonical = byCanonical.build();
        StringTable.Builder belowIndex = new StringTable.Builder();
        serversBelow = new ArrayList<>(below.size());
        for (Map.Entry<String, List<Integer>> entry : below.entrySet()) {
            belowIndex.putIfAbsent(entry.getKey(), serversBelow.size());
            serversBelow.add(entry.getValue().stream().mapToInt(Integer::intValue).toArray());
        }
        serversBelowIndex = belowIndex.build();

        policiesById = new HashMap<>(capacity(this.policies.size()));
        policiesByPair = new LinkedHashMap<>(capacity(this.policies.size()));
        for (AccessPolicyView policy : this.policies) {
            policiesById.putIfAbsent(policy.id(), policy);
            Pair pair = new Pair(policy.clientWorkloadId(), policy.serverWorkloadId());
            AccessPolicyView existing = policiesByPair.get(pair);
            // with duplicates an active policy is what an authorization server would act on
            if (existing == null || (!existing.active() && policy.active())) {
                policiesByPair.put(pair, policy);
            }
        }
        List<Long> keys = new ArrayList<>(policiesByPair.size());
        List<AccessPolicyView> chosen = new ArrayList<>(policiesByPair.size());
        for (AccessPolicyView policy : policiesByPair.values()) {
            List<Integer> clientEntries = entriesByClientId.get(policy.clientWorkloadId());
            List<Integer> serverEntries = entriesByServerId.get(policy.serverWorkloadId());
            if (clientEntries == null || serverEntries == null) {
                continue;
            }
            for (int c : clientEntries) {
                for (int s : serverEntries) {
                    keys.add(pairKey(c, s));
                    chosen.add(policy);
                }
            }
        }
        int capacity = 8;
        while (capacity < keys.size() * 2L) {
            capacity <<= 1;
        }
        pairKeys = new long[capacity * 2];
        pairMask = capacity - 1;
        pairPolicy = new AccessPolicyView[capacity];
        pairMatch = new PolicyMatch[capacity];
        pairFinding = new Finding[capacity];
        for (int i = 0; i < keys.size(); i++) {
            long key = keys.get(i);
            int slot = pairSpread(key) & pairMask;
            while (pairKeys[slot * 2] != 0 && pairKeys[slot * 2] != key) {
                slot = (slot + 1) & pairMask;
            }
            if (pairKeys[slot * 2] == key) {
                continue;
            }
            pairKeys[slot * 2] = key;
            pairKeys[slot * 2 + 1] = chosen.get(i).active() ? ACTIVE : 0;
            pairPolicy[slot] = chosen.get(i);
        }
    }

    private record Pair(long clientWorkloadId, long serverWorkloadId) {
    }

    private static long pairKey(int clientEntry, int serverEntry) {
        return ((long) (clientEntry + 1) << 32) | (serverEntry & 0xffffffffL);
    }

    /** MurmurHash3's finaliser: both entry numbers must reach the low bits, or pairs cluster into long probes. */
    private static int pairSpread(long key) {
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h;
    }

    /** Where the policy connecting client entry {@code c} and server entry {@code s} lies if its slot was free. */
    int pairHome(int c, int s) {
        return pairSpread(pairKey(c, s)) & pairMask;
    }

    /** Slot of the policy connecting client entry {@code c} and server entry {@code s}, or -1. */
    int pairSlot(int c, int s) {
        long key = pairKey(c, s);
        long[] k = pairKeys;
        for (int slot = pairSpread(key) & pairMask; ; slot = (slot + 1) & pairMask) {
            long stored = k[slot * 2];
            if (stored == key) {
                return slot;
            }
            if (stored == 0) {
                return -1;
            }
        }
    }

    boolean pairActive(int slot) {
        return (pairKeys[slot * 2 + 1] & ACTIVE) != 0;
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
        return Optional.ofNullable(policiesByPair.get(new Pair(clientWorkloadId, serverWorkloadId)));
    }

    /** The Client Workload that registers exactly this redirect URI, if any. */
    public Optional<ClientWorkloadView> clientByRedirectUri(String uri) {
        int entry = clientsByUri.get(uri);
        return entry < 0 ? Optional.empty() : client(clientId[entry >> 2]);
    }

    /** Values are entry << 2 | flags, so that the lookup alone tells whether the entry is active and valid. */
    StringTable clientsByUri() {
        return clientsByUri;
    }

    /** Values are entry << 2 | flags, as for {@link #clientsByUri()}. */
    StringTable clientsByLoopbackKey() {
        return clientsByLoopbackKey;
    }

    /** Values are server entries. */
    StringTable serversByCanonical() {
        return serversByCanonical;
    }

    /** Values index {@link #serversBelow(int)}. */
    StringTable serversBelowIndex() {
        return serversBelowIndex;
    }

    private static final int[] NONE = new int[0];

    /** Server entries strictly below the origin or path that {@link #serversBelowIndex()} gave this index for. */
    int[] serversBelow(int index) {
        return index < 0 ? NONE : serversBelow.get(index);
    }

    NearMissIndex clientNearMisses() {
        return clientNearMisses;
    }

    /** Values are entry << 2 | flags, as for {@link #clientsByUri()}. */
    StringTable serversByUrl() {
        return serversByUrl;
    }

    /** Length of the longest registered canonical origin and path; longer prefixes cannot match. */
    int longestServerBase() {
        return longestServerBase;
    }

    NearMissIndex serverNearMisses() {
        return serverNearMisses;
    }

    private static void indexAncestors(ResourceUrls.Canonical canonical, int server,
            Map<String, List<Integer>> below) {
        String text = canonical.text();
        // every '/' in the path ends a strictly shorter ancestor; the first one gives the origin itself
        for (int i = canonical.pathStart(); i < canonical.pathEnd(); i++) {
            if (text.charAt(i) == '/') {
                below.computeIfAbsent(text.substring(0, i), key -> new ArrayList<>(1)).add(server);
            }
        }
    }

    private static int capacity(int expected) {
        return (int) Math.min(1 << 30, expected * 4L / 3 + 1);
    }
}
