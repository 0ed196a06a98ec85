package org.mcptrace.domain.resolution;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies the matching rules to one request. Decisions use only spec-exact comparisons of the raw strings; the
 * generous part (canonical forms, near misses) only ever explains or warns.
 */
public final class Resolver {

    private static final AuthorizationRequest NO_REQUEST = AuthorizationRequest.of(null, null, null);
    private static final String CLIENT = "Client Workload";
    private static final String SERVER = "Server Workload";
    private static final String NO_CLIENT = "no Client Workload matched";
    private static final String NO_SERVER = "no Server Workload matched";
    /** The commonest not-evaluated finding, built once rather than per denied request. */
    private static final Finding NEITHER_MATCHED = Finding.of(FindingCode.POLICY_NOT_EVALUATED,
            "Not evaluated: " + notEvaluatedReason(NO_CLIENT, NO_SERVER));

    /** What one side (client or server) contributed: a match and its entry in the snapshot, or why there is none. */
    private record Side<M>(M match, Finding finding, String gap, int entry) {

        Side(M match, Finding finding, String gap) {
            this(match, finding, gap, -1);
        }
    }

    private Resolver() {
    }

    /** Pure and thread-safe; never throws, whatever the request holds. Null arguments count as empty. */
    public static Resolution resolve(AuthorizationRequest request, ConfigurationSnapshot snapshot) {
        AuthorizationRequest req = request != null ? request : NO_REQUEST;
        ConfigurationSnapshot config = snapshot != null ? snapshot : ConfigurationSnapshot.empty();
        List<String> redirects = req.redirectUris();
        List<String> resources = req.resources();
        String redirect = redirects.size() == 1 ? redirects.get(0) : null;
        String resource = resources.size() == 1 ? resources.get(0) : null;
        // both exact lookups first and side by side: they are independent, so the CPU overlaps their cache misses,
        // which at 100,000 workloads cost more than all the rest; a lookup for a URI found invalid later is unused
        StringTable byUri = config.clientsByUri();
        StringTable byUrl = config.serversByUrl();
        int redirectHash = redirect == null ? 0 : redirect.hashCode();
        int resourceHash = resource == null ? 0 : resource.hashCode();
        int clientSlot = redirect == null ? -1 : byUri.probe(redirectHash);
        int serverSlot = resource == null ? -1 : byUrl.probe(resourceHash);
        if (clientSlot >= 0 && serverSlot >= 0) {
            int client = byUri.valueAt(clientSlot);
            int server = byUrl.valueAt(serverSlot);
            if ((client & server & ConfigurationSnapshot.VALID) != 0) {
                // built before the keys are compared, so that the reads it needs (policy, outcomes) are issued
                // alongside the reads of the keys instead of after them; a key that differs (only its hash was
                // equal) discards it and takes the general path
                Resolution exact = exact(config, client >> 2, server >> 2,
                        client & server & ConfigurationSnapshot.ACTIVE);
                if (byUri.keyAt(clientSlot, redirect) && byUrl.keyAt(serverSlot, resource)) {
                    return exact;
                }
            }
        }
        int client = byUri.get(redirect, redirectHash, clientSlot);
        int server = byUrl.get(resource, resourceHash, serverSlot);
        if ((client & server & ConfigurationSnapshot.VALID) != 0 && client >= 0 && server >= 0) {
            return exact(config, client >> 2, server >> 2, client & server & ConfigurationSnapshot.ACTIVE);
        }
        return resolve(req, config, client >> 2, server >> 2);
    }

    /**
     * Both sides equal to registered strings that pass step 1: equal strings parse alike, so nothing needs parsing,
     * and severity follows from the flags without reading the findings from memory.
     */
    private static Resolution exact(ConfigurationSnapshot config, int client, int server, int bothActive) {
        // the outcome where the policy most likely lies is read before its key is found, so both reads overlap
        int home = config.pairHome(client, server);
        PolicyMatch homeMatch = config.pairMatch[home];
        Finding homeFinding = config.pairFinding[home];
        int pair = config.pairSlot(client, server);
        Side<ClientMatch> clientSide = exactClient(config, client);
        Side<ServerMatch> serverSide = exactServer(config, server);
        boolean allowed = bothActive != 0;
        PolicyMatch policyMatch = null;
        Finding policyFinding;
        if (pair < 0) {
            policyFinding = policyFinding(null, config.clientName[client], config.server[server].name());
            allowed = false;
        } else if (pair == home && homeMatch != null && homeFinding != null) {
            policyMatch = homeMatch;
            policyFinding = homeFinding;
            allowed &= config.pairActive(pair);
        } else {
            ConfigurationSnapshot.Outcome<PolicyMatch> outcome = policyOutcome(config, pair, client, server);
            policyMatch = outcome.match();
            policyFinding = outcome.finding();
            allowed &= config.pairActive(pair);
        }
        return new Resolution(clientSide.match(), serverSide.match(), policyMatch,
                List.of(clientSide.finding(), serverSide.finding(), policyFinding),
                allowed ? Severity.INFO : Severity.ERROR, allowed ? Decision.ALLOWED : Decision.DENIED,
                config.revision());
    }

    private static Resolution resolve(AuthorizationRequest req, ConfigurationSnapshot config, int exactClient,
            int exactServer) {
        List<Finding> findings = new ArrayList<>(4);
        UriParts redirect = single(req.redirectUris());
        UriParts resource = single(req.resources());
        Side<ClientMatch> client = checkRedirectUri(req.redirectUris(), redirect);
        Side<ServerMatch> server = checkResource(req.resources(), resource);
        if (client != null) {
            findings.add(client.finding());
        }
        if (server != null) {
            findings.add(server.finding());
        }
        // every lookup of both sides is planned before any table is read, then all are read together, so that at
        // 100,000 workloads their cache misses overlap instead of following one another
        ClientSearch clientSearch = client == null && exactClient < 0 ? new ClientSearch(redirect, config) : null;
        ServerSearch serverSearch = server == null && exactServer < 0 ? new ServerSearch(resource, config) : null;
        if (clientSearch != null) {
            clientSearch.read();
        }
        if (serverSearch != null) {
            serverSearch.read();
        }
        if (clientSearch != null) {
            clientSearch.decide();
        }
        if (serverSearch != null) {
            serverSearch.decide();
        }
        int clientTouched = clientSearch == null ? 0 : clientSearch.touch();
        int serverTouched = serverSearch == null ? 0 : serverSearch.touch();
        if (client == null) {
            client = clientSearch == null ? exactClient(config, exactClient) : clientSearch.side(clientTouched);
            findings.add(client.finding());
        }
        if (server == null) {
            server = serverSearch == null ? exactServer(config, exactServer) : serverSearch.side(serverTouched);
            findings.add(server.finding());
        }
        PolicyMatch policy = null;
        if (client.match() != null && server.match() != null) {
            int pair = config.pairSlot(client.entry(), server.entry());
            if (pair < 0) {
                findings.add(policyFinding(null, client.match().name(), server.match().name()));
            } else {
                ConfigurationSnapshot.Outcome<PolicyMatch> outcome = policyOutcome(config, pair, client.entry(),
                        server.entry());
                findings.add(outcome.finding());
                policy = outcome.match();
            }
        } else {
            findings.add(notEvaluated(client.gap(), server.gap()));
        }
        return Resolution.of(client.match(), server.match(), policy, findings, config.revision());
    }

    private static UriParts single(List<String> values) {
        return values.size() == 1 && !values.get(0).isEmpty() ? UriParts.parse(values.get(0)) : null;
    }

    /** Step 1 for the redirect URI: a finding if it is missing or invalid, else null. */
    private static Side<ClientMatch> checkRedirectUri(List<String> values, UriParts parsed) {
        if (values.isEmpty() || (values.size() == 1 && values.get(0).isEmpty())) {
            return new Side<>(null, Finding.of(FindingCode.REDIRECT_URI_MISSING, "The request has no redirect URI"),
                    "the redirect URI is missing");
        }
        if (values.size() > 1) {
            return new Side<>(null, Finding.of(FindingCode.REDIRECT_URI_INVALID, "The redirect_uri parameter appears "
                    + values.size() + " times; a request must carry exactly one (RFC 6749 section 3.1)"),
                    "the redirect URI is invalid");
        }
        String problem = RedirectUris.problemOf(parsed);
        if (problem == null) {
            return null;
        }
        return new Side<>(null, Finding.of(FindingCode.REDIRECT_URI_INVALID,
                "Redirect URI " + Wording.display(values.get(0)) + " is invalid: " + problem),
                "the redirect URI is invalid");
    }

    /** Step 1 for the resource: a finding if it is missing or invalid, else null. */
    private static Side<ServerMatch> checkResource(List<String> values, UriParts parsed) {
        if (values.isEmpty() || (values.size() == 1 && values.get(0).isEmpty())) {
            return new Side<>(null, Finding.of(FindingCode.RESOURCE_MISSING, "The request has no resource parameter "
                    + "(RFC 8707); MCP clients must send it since specification 2025-06-18"),
                    "the resource is missing");
        }
        if (values.size() > 1) {
            return new Side<>(null, Finding.of(FindingCode.RESOURCE_INVALID, "The resource parameter appears "
                    + values.size() + " times; a request to an MCP server must name exactly one"),
                    "the resource is invalid");
        }
        String problem = ResourceUrls.requestProblem(parsed);
        if (problem == null) {
            return null;
        }
        return new Side<>(null, Finding.of(FindingCode.RESOURCE_INVALID,
                "Resource " + Wording.display(values.get(0)) + " is invalid: " + problem), "the resource is invalid");
    }

    /** Step 2 for a redirect URI that is valid and not registered exactly: R2, else near misses. */
    private static final class ClientSearch {
        private final UriParts redirect;
        private final ConfigurationSnapshot config;
        private final String loopbackKey;
        private final int loopbackHash;
        private final long[] nearKeys;
        private int loopbackSlot = -1;
        private byte[] nearFirst;
        private int entry = -1;
        private int[] found;

        ClientSearch(UriParts redirect, ConfigurationSnapshot config) {
            this.redirect = redirect;
            this.config = config;
            loopbackKey = RedirectUris.loopbackKey(redirect);
            loopbackHash = loopbackKey == null ? 0 : loopbackKey.hashCode();
            nearKeys = config.clientNearMisses().keys(redirect);
        }

        void read() {
            if (loopbackKey != null) {
                loopbackSlot = config.clientsByLoopbackKey().probe(loopbackHash);
            }
            if (nearKeys != null) {
                nearFirst = config.clientNearMisses().firstTags(nearKeys);
            }
        }

        void decide() {
            if (loopbackKey != null) {
                int value = config.clientsByLoopbackKey().get(loopbackKey, loopbackHash, loopbackSlot);
                entry = value < 0 ? -1 : value >> 2;
            }
            if (entry < 0 && nearKeys != null) {
                found = new int[NearMissIndex.LIMIT + 1];
                config.clientNearMisses().candidates(nearKeys, nearFirst, found);
            }
        }

        int touch() {
            return found == null ? 0 : config.clientNearMisses().touch(found);
        }

        Side<ClientMatch> side(int touched) {
            if (entry >= 0) {
                ConfigurationSnapshot.Outcome<ClientMatch> outcome = clientOutcome(config, entry, ClientRule.LOOPBACK);
                return new Side<>(outcome.match(), outcome.finding(), null, entry);
            }
            String lead = "No Client Workload has the redirect URI " + Wording.display(redirect.raw);
            if (found == null) {
                return new Side<>(null, Finding.of(FindingCode.CLIENT_NO_MATCH, lead), NO_CLIENT);
            }
            NearMissIndex.Result near = config.clientNearMisses().explain(redirect, found, CLIENT, touched, lead);
            return new Side<>(null, Finding.of(FindingCode.CLIENT_NO_MATCH, near.message(), near.nearMisses()),
                    NO_CLIENT);
        }
    }

    private static ConfigurationSnapshot.Outcome<ClientMatch> clientOutcome(ConfigurationSnapshot config, int entry,
            ClientRule rule) {
        String name = config.clientName[entry];
        boolean active = (config.clientFlags[entry] & ConfigurationSnapshot.ACTIVE) != 0;
        ClientMatch match = new ClientMatch(config.clientId[entry], name, active, rule, config.clientUri[entry]);
        String matched = "Redirect URI matched Client Workload " + Wording.quoted(name)
                + (rule == ClientRule.EXACT ? " exactly" : " (loopback rule: port ignored)");
        Finding finding = active
                ? Finding.of(FindingCode.CLIENT_MATCHED, matched)
                : Finding.of(FindingCode.CLIENT_WORKLOAD_INACTIVE, matched + ", but that workload is inactive");
        return new ConfigurationSnapshot.Outcome<>(match, finding);
    }

    /** The policy's outcome, kept in the pair's slot: the two names it is worded with are fixed for the pair. */
    private static ConfigurationSnapshot.Outcome<PolicyMatch> policyOutcome(ConfigurationSnapshot config, int pair,
            int client, int server) {
        PolicyMatch match = config.pairMatch[pair];
        Finding finding = config.pairFinding[pair];
        if (match == null || finding == null) {
            AccessPolicyView view = config.pairPolicy[pair];
            match = new PolicyMatch(view.id(), view.name(), view.active());
            finding = policyFinding(view, config.clientName[client], config.server[server].name());
            config.pairMatch[pair] = match;
            config.pairFinding[pair] = finding;
        }
        return new ConfigurationSnapshot.Outcome<>(match, finding);
    }

    private static Side<ClientMatch> exactClient(ConfigurationSnapshot config, int exact) {
        ClientMatch match = config.clientExactMatch[exact];
        Finding finding = config.clientExactFinding[exact];
        if (match == null || finding == null) {
            ConfigurationSnapshot.Outcome<ClientMatch> outcome = clientOutcome(config, exact, ClientRule.EXACT);
            match = outcome.match();
            finding = outcome.finding();
            config.clientExactMatch[exact] = match;
            config.clientExactFinding[exact] = finding;
        }
        return new Side<>(match, finding, null, exact);
    }

    private static Side<ServerMatch> exactServer(ConfigurationSnapshot config, int exact) {
        ServerMatch match = config.serverExactMatch[exact];
        Finding finding = config.serverExactFinding[exact];
        if (match == null || finding == null) {
            ServerWorkloadView view = config.server[exact];
            Side<ServerMatch> side = serverMatched(view, ServerRule.EXACT, view.resourceUrl(), null, exact);
            match = side.match();
            finding = side.finding();
            config.serverExactMatch[exact] = match;
            config.serverExactFinding[exact] = finding;
        }
        return new Side<>(match, finding, null, exact);
    }

    /** Step 3 for a resource that is valid and not registered exactly: S2, S3, S4, else near misses. */
    private static final class ServerSearch {
        private final UriParts resource;
        private final ConfigurationSnapshot config;
        private final ResourceUrls.Canonical canonical;
        private final int canonicalHash;
        /** S3 candidates, longest first, and the canonical base for S4 (null when S4 cannot apply). */
        private final List<String> prefixes;
        private final String base;
        private final long[] nearKeys;
        private int canonicalSlot;
        private int[] prefixSlots;
        private int baseSlot = -1;
        private byte[] nearFirst;
        private Side<ServerMatch> matched;
        private int[] found;

        ServerSearch(UriParts resource, ConfigurationSnapshot config) {
            this.resource = resource;
            this.config = config;
            canonical = ResourceUrls.canonicalOf(resource);
            canonicalHash = canonical.text().hashCode();
            if (canonical.hierarchical()) {
                String canonicalBase = canonical.base();
                // S3: longest registered path that is a segment prefix of the presented one; starting at the longest
                // registered length keeps a hostile path of a million segments from costing a million lookups
                int from = Math.min(canonicalBase.length() - 1, config.longestServerBase());
                List<String> found = new ArrayList<>(2);
                for (int slash = canonicalBase.lastIndexOf('/', from); slash >= canonical.pathStart();
                        slash = canonicalBase.lastIndexOf('/', slash - 1)) {
                    found.add(canonicalBase.substring(0, slash));
                }
                prefixes = found;
                base = canonical.hasQuery() ? null : canonicalBase;
            } else {
                prefixes = List.of();
                base = null;
            }
            nearKeys = config.serverNearMisses().keys(resource);
        }

        void read() {
            canonicalSlot = config.serversByCanonical().probe(canonicalHash);
            int n = prefixes.size();
            prefixSlots = new int[n];
            for (int i = 0; i < n; i++) {
                prefixSlots[i] = config.serversByCanonical().probe(prefixes.get(i).hashCode());
            }
            if (base != null) {
                baseSlot = config.serversBelowIndex().probe(base.hashCode());
            }
            if (nearKeys != null) {
                nearFirst = config.serverNearMisses().firstTags(nearKeys);
            }
        }

        void decide() {
            StringTable byCanonical = config.serversByCanonical();
            int workload = byCanonical.get(canonical.text(), canonicalHash, canonicalSlot);
            if (workload >= 0) {
                matched = serverMatched(config.server[workload], ServerRule.CANONICAL, resource.raw,
                        canonical.text(), workload);
                return;
            }
            for (int i = 0; i < prefixes.size(); i++) {
                String prefix = prefixes.get(i);
                workload = byCanonical.get(prefix, prefix.hashCode(), prefixSlots[i]);
                if (workload >= 0) {
                    matched = serverMatched(config.server[workload], ServerRule.PATH_BELOW, resource.raw, null,
                            workload);
                    return;
                }
            }
            if (base != null) {
                int[] below = config.serversBelow(config.serversBelowIndex().get(base, base.hashCode(), baseSlot));
                if (below.length == 1) {
                    matched = serverMatched(config.server[below[0]], ServerRule.PATH_ABOVE, resource.raw, null,
                            below[0]);
                    return;
                }
                if (below.length > 1) {
                    matched = ambiguous(resource.raw, config, below);
                    return;
                }
            }
            if (nearKeys != null) {
                found = new int[NearMissIndex.LIMIT + 1];
                config.serverNearMisses().candidates(nearKeys, nearFirst, found);
            }
        }

        int touch() {
            return found == null ? 0 : config.serverNearMisses().touch(found);
        }

        Side<ServerMatch> side(int touched) {
            if (matched != null) {
                return matched;
            }
            String lead = "No Server Workload has the resource " + Wording.display(resource.raw);
            if (found == null) {
                return new Side<>(null, Finding.of(FindingCode.SERVER_NO_MATCH, lead), NO_SERVER);
            }
            NearMissIndex.Result near = config.serverNearMisses().explain(resource, found, SERVER, touched, lead);
            return new Side<>(null, Finding.of(FindingCode.SERVER_NO_MATCH, near.message(), near.nearMisses()),
                    NO_SERVER);
        }
    }

    private static Side<ServerMatch> serverMatched(ServerWorkloadView workload, ServerRule rule, String presented,
            String canonical, int entry) {
        ServerMatch match = new ServerMatch(workload.id(), workload.name(), workload.active(), rule,
                workload.resourceUrl());
        String name = Wording.quoted(workload.name());
        String registered = Wording.display(workload.resourceUrl());
        String shown = Wording.display(presented);
        if (!workload.active()) {
            String how = switch (rule) {
                case EXACT -> "exactly";
                case CANONICAL -> "after canonicalisation";
                case PATH_BELOW -> "by path (it lies below " + registered + ")";
                case PATH_ABOVE -> "by path (" + registered + " lies below it)";
            };
            return new Side<>(match, Finding.of(FindingCode.SERVER_WORKLOAD_INACTIVE,
                    "Resource " + shown + " matched Server Workload " + name + " " + how
                            + ", but that workload is inactive"), null, entry);
        }
        Finding finding = switch (rule) {
            case EXACT -> Finding.of(FindingCode.SERVER_MATCHED, "Resource matched Server Workload " + name
                    + " exactly");
            case CANONICAL -> Finding.of(FindingCode.SERVER_MATCHED_NON_CANONICAL, "Resource " + shown
                    + " matched Server Workload " + name + " only after canonicalisation; a strict authorization "
                    + "server compares exactly: register or send " + Wording.display(canonical));
            case PATH_BELOW -> Finding.of(FindingCode.SERVER_MATCHED_BY_PATH, "Resource " + shown
                    + " matched Server Workload " + name + " by path: it lies below " + registered
                    + "; a strict authorization server compares exactly: send " + registered);
            case PATH_ABOVE -> Finding.of(FindingCode.SERVER_MATCHED_BY_PATH, "Resource " + shown
                    + " matched Server Workload " + name + " by path: " + registered
                    + " is the only Server Workload below it; a strict authorization server compares exactly: send "
                    + registered);
        };
        return new Side<>(match, finding, null, entry);
    }

    private static Side<ServerMatch> ambiguous(String presented, ConfigurationSnapshot config, int[] entries) {
        List<ServerWorkloadView> below = new ArrayList<>(entries.length);
        for (int entry : entries) {
            below.add(config.server[entry]);
        }
        StringBuilder message = new StringBuilder("Resource ").append(Wording.display(presented))
                .append(" lies above ").append(below.size())
                .append(" Server Workloads, so it does not identify one: ");
        int shown = Math.min(below.size(), NearMissIndex.LIMIT);
        List<NearMiss> candidates = new ArrayList<>(shown);
        for (int i = 0; i < shown; i++) {
            ServerWorkloadView workload = below.get(i);
            if (i > 0) {
                message.append(", ");
            }
            message.append(Wording.quoted(workload.name())).append(" (")
                    .append(Wording.display(workload.resourceUrl())).append(')');
            candidates.add(new NearMiss(workload.id(), workload.name(), workload.resourceUrl(),
                    List.of(Difference.PATH)));
        }
        if (below.size() > shown) {
            message.append(" and ").append(below.size() - shown).append(" more");
        }
        message.append("; send the full resource URL of one of them");
        return new Side<>(null, Finding.of(FindingCode.SERVER_AMBIGUOUS, message.toString(), candidates),
                "the resource is ambiguous");
    }

    private static Finding policyFinding(AccessPolicyView policy, String clientName, String serverName) {
        String pair = Wording.quoted(clientName) + " and " + Wording.quoted(serverName);
        if (policy == null) {
            return Finding.of(FindingCode.POLICY_MISSING, "No Access Policy connects " + pair);
        }
        if (!policy.active()) {
            return Finding.of(FindingCode.POLICY_INACTIVE, "Access Policy " + Wording.quoted(policy.name())
                    + " connecting " + pair + " is inactive");
        }
        return Finding.of(FindingCode.POLICY_ACTIVE, "Access Policy " + Wording.quoted(policy.name())
                + " connects " + pair);
    }


    private static Finding notEvaluated(String clientGap, String serverGap) {
        if (clientGap == NO_CLIENT && serverGap == NO_SERVER) {
            return NEITHER_MATCHED;
        }
        return Finding.of(FindingCode.POLICY_NOT_EVALUATED,
                "Not evaluated: " + notEvaluatedReason(clientGap, serverGap));
    }

    private static String notEvaluatedReason(String clientGap, String serverGap) {
        if (NO_CLIENT.equals(clientGap) && NO_SERVER.equals(serverGap)) {
            return "no Client Workload or Server Workload matched";
        }
        if (clientGap != null && serverGap != null) {
            return clientGap + " and " + serverGap;
        }
        return clientGap != null ? clientGap : serverGap;
    }
}
