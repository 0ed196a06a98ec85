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
        int pair = config.pairSlot(client, server);
        Side<ClientMatch> clientSide = exactClient(config, client);
        Side<ServerMatch> serverSide = exactServer(config, server);
        boolean allowed = bothActive != 0;
        PolicyMatch policyMatch = null;
        Finding policyFinding;
        if (pair < 0) {
            policyFinding = policyFinding(null, config.clientName[client], config.server[server].name());
            allowed = false;
        } else {
            ConfigurationSnapshot.Outcome<PolicyMatch> outcome = policyOutcome(config, pair, client, server);
            policyMatch = outcome.match();
            policyFinding = outcome.finding();
            allowed &= config.pairActive(pair);
        }
        return new Resolution(clientSide.match(), serverSide.match(), policyMatch, List.of(clientSide.finding(),
                serverSide.finding(),
                policyFinding), allowed ? Severity.INFO : Severity.ERROR, allowed ? Decision.ALLOWED : Decision.DENIED,
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
        if (client == null) {
            client = matchClient(redirect, config, exactClient);
            findings.add(client.finding());
        }
        if (server == null) {
            server = matchServer(resource, config, exactServer);
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
            findings.add(Finding.of(FindingCode.POLICY_NOT_EVALUATED,
                    "Not evaluated: " + notEvaluatedReason(client.gap(), server.gap())));
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

    private static Side<ClientMatch> matchClient(UriParts redirect, ConfigurationSnapshot config, int exact) {
        if (exact >= 0) {
            return exactClient(config, exact);
        }
        String loopbackKey = RedirectUris.loopbackKey(redirect);
        int entry = loopbackKey == null ? -1 : config.clientByLoopbackKey(loopbackKey);
        if (entry < 0) {
            NearMissIndex.Result near = config.clientNearMisses().find(redirect, CLIENT);
            String message = "No Client Workload has the redirect URI " + Wording.display(redirect.raw)
                    + (near.closest().isEmpty() ? "" : ". " + near.closest());
            return new Side<>(null, Finding.of(FindingCode.CLIENT_NO_MATCH, message, near.nearMisses()), NO_CLIENT);
        }
        ConfigurationSnapshot.Outcome<ClientMatch> outcome = clientOutcome(config, entry, ClientRule.LOOPBACK);
        return new Side<>(outcome.match(), outcome.finding(), null, entry);
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

    private static Side<ServerMatch> matchServer(UriParts resource, ConfigurationSnapshot config, int exact) {
        if (exact >= 0) {
            return exactServer(config, exact);
        }
        ResourceUrls.Canonical canonical = ResourceUrls.canonicalOf(resource);
        int workload = config.serverByCanonical(canonical.text());
        if (workload >= 0) {
            return serverMatched(config.server[workload], ServerRule.CANONICAL, resource.raw, canonical.text(),
                    workload);
        }
        if (canonical.hierarchical()) {
            String base = canonical.base();
            // S3: longest registered path that is a segment prefix of the presented one; starting at the longest
            // registered length keeps a hostile path of a million segments from costing a million lookups
            int from = Math.min(base.length() - 1, config.longestServerBase());
            for (int slash = base.lastIndexOf('/', from); slash >= canonical.pathStart();
                    slash = base.lastIndexOf('/', slash - 1)) {
                workload = config.serverByCanonical(base.substring(0, slash));
                if (workload >= 0) {
                    return serverMatched(config.server[workload], ServerRule.PATH_BELOW, resource.raw, null,
                            workload);
                }
            }
            if (!canonical.hasQuery()) {
                int[] below = config.serversBelow(base);
                if (below.length == 1) {
                    return serverMatched(config.server[below[0]], ServerRule.PATH_ABOVE, resource.raw, null,
                            below[0]);
                }
                if (below.length > 1) {
                    return ambiguous(resource.raw, config, below);
                }
            }
        }
        NearMissIndex.Result near = config.serverNearMisses().find(resource, SERVER);
        String message = "No Server Workload has the resource " + Wording.display(resource.raw)
                + (near.closest().isEmpty() ? "" : ". " + near.closest());
        return new Side<>(null, Finding.of(FindingCode.SERVER_NO_MATCH, message, near.nearMisses()), NO_SERVER);
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
