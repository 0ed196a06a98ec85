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

    /** What one side (client or server) contributed: a match, or why there is none. */
    private record Side<M>(M match, Finding finding, String gap) {
    }

    private Resolver() {
    }

    /** Pure and thread-safe; never throws, whatever the request holds. Null arguments count as empty. */
    public static Resolution resolve(AuthorizationRequest request, ConfigurationSnapshot snapshot) {
        AuthorizationRequest req = request != null ? request : NO_REQUEST;
        ConfigurationSnapshot config = snapshot != null ? snapshot : ConfigurationSnapshot.empty();
        List<Finding> findings = new ArrayList<>(4);

        UriParts redirect = single(req.redirectUris());
        UriParts resource = single(req.resources());
        // both exact lookups first and side by side: they are independent, so the CPU overlaps their cache misses,
        // which at 100,000 workloads cost more than all the rest; a lookup for a URI found invalid below is unused
        ConfigurationSnapshot.ClientEntry exactClient = redirect == null ? null : config.clientByExactUri(redirect.raw);
        ConfigurationSnapshot.ServerEntry exactServer = resource == null ? null : config.serverByExactUrl(resource.raw);
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
            ConfigurationSnapshot.PolicyEntry entry = config.policyEntry(client.match().id(), server.match().id());
            if (entry == null) {
                findings.add(policyFinding(null, client.match().name(), server.match().name()));
            } else {
                ConfigurationSnapshot.PolicyOutcome outcome = policyOutcome(entry, client.match().name(),
                        server.match().name());
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

    private static Side<ClientMatch> matchClient(UriParts redirect, ConfigurationSnapshot config,
            ConfigurationSnapshot.ClientEntry exact) {
        if (exact != null) {
            ConfigurationSnapshot.Outcome<ClientMatch> outcome = exact.exact;
            if (outcome == null) {
                outcome = clientOutcome(exact, ClientRule.EXACT);
                exact.exact = outcome;
            }
            return new Side<>(outcome.match(), outcome.finding(), null);
        }
        ConfigurationSnapshot.ClientEntry entry = null;
        ClientRule rule = ClientRule.EXACT;
        if (entry == null) {
            String loopbackKey = RedirectUris.loopbackKey(redirect);
            if (loopbackKey != null) {
                entry = config.clientByLoopbackKey(loopbackKey);
                rule = ClientRule.LOOPBACK;
            }
        }
        if (entry == null) {
            NearMissIndex.Result near = config.clientNearMisses().find(redirect, CLIENT);
            String message = "No Client Workload has the redirect URI " + Wording.display(redirect.raw)
                    + (near.closest().isEmpty() ? "" : ". " + near.closest());
            return new Side<>(null, Finding.of(FindingCode.CLIENT_NO_MATCH, message, near.nearMisses()), NO_CLIENT);
        }
        ConfigurationSnapshot.Outcome<ClientMatch> outcome = clientOutcome(entry, rule);
        return new Side<>(outcome.match(), outcome.finding(), null);
    }

    private static ConfigurationSnapshot.Outcome<ClientMatch> clientOutcome(ConfigurationSnapshot.ClientEntry entry,
            ClientRule rule) {
        ClientMatch match = new ClientMatch(entry.id(), entry.name(), entry.active(), rule, entry.registered());
        String matched = "Redirect URI matched Client Workload " + Wording.quoted(entry.name())
                + (rule == ClientRule.EXACT ? " exactly" : " (loopback rule: port ignored)");
        Finding finding = entry.active()
                ? Finding.of(FindingCode.CLIENT_MATCHED, matched)
                : Finding.of(FindingCode.CLIENT_WORKLOAD_INACTIVE, matched + ", but that workload is inactive");
        return new ConfigurationSnapshot.Outcome<>(match, finding);
    }

    /** The policy's outcome, kept on the entry while the two workloads' names stay the ones it was worded with. */
    private static ConfigurationSnapshot.PolicyOutcome policyOutcome(ConfigurationSnapshot.PolicyEntry entry,
            String clientName, String serverName) {
        ConfigurationSnapshot.PolicyOutcome outcome = entry.outcome;
        // identity, not equals: the names come from the same snapshot, and comparing the text would read it from memory
        if (outcome != null && outcome.clientName() == clientName && outcome.serverName() == serverName) {
            return outcome;
        }
        AccessPolicyView view = entry.view;
        outcome = new ConfigurationSnapshot.PolicyOutcome(new PolicyMatch(view.id(), view.name(), view.active()),
                policyFinding(view, clientName, serverName), clientName, serverName);
        entry.outcome = outcome;
        return outcome;
    }

    private static Side<ServerMatch> matchServer(UriParts resource, ConfigurationSnapshot config,
            ConfigurationSnapshot.ServerEntry exact) {
        if (exact != null) {
            ConfigurationSnapshot.Outcome<ServerMatch> outcome = exact.exact;
            if (outcome == null) {
                Side<ServerMatch> side = serverMatched(exact.view, ServerRule.EXACT, resource.raw, null);
                outcome = new ConfigurationSnapshot.Outcome<>(side.match(), side.finding());
                exact.exact = outcome;
            }
            return new Side<>(outcome.match(), outcome.finding(), null);
        }
        ResourceUrls.Canonical canonical = ResourceUrls.canonicalOf(resource);
        ServerWorkloadView workload = config.serverByCanonical(canonical.text());
        if (workload != null) {
            return serverMatched(workload, ServerRule.CANONICAL, resource.raw, canonical.text());
        }
        if (canonical.hierarchical()) {
            String base = canonical.base();
            // S3: longest registered path that is a segment prefix of the presented one; starting at the longest
            // registered length keeps a hostile path of a million segments from costing a million lookups
            int from = Math.min(base.length() - 1, config.longestServerBase());
            for (int slash = base.lastIndexOf('/', from); slash >= canonical.pathStart();
                    slash = base.lastIndexOf('/', slash - 1)) {
                workload = config.serverByCanonical(base.substring(0, slash));
                if (workload != null) {
                    return serverMatched(workload, ServerRule.PATH_BELOW, resource.raw, null);
                }
            }
            if (!canonical.hasQuery()) {
                List<ServerWorkloadView> below = config.serversBelow(base);
                if (below.size() == 1) {
                    return serverMatched(below.get(0), ServerRule.PATH_ABOVE, resource.raw, null);
                }
                if (below.size() > 1) {
                    return ambiguous(resource.raw, below);
                }
            }
        }
        NearMissIndex.Result near = config.serverNearMisses().find(resource, SERVER);
        String message = "No Server Workload has the resource " + Wording.display(resource.raw)
                + (near.closest().isEmpty() ? "" : ". " + near.closest());
        return new Side<>(null, Finding.of(FindingCode.SERVER_NO_MATCH, message, near.nearMisses()), NO_SERVER);
    }

    private static Side<ServerMatch> serverMatched(ServerWorkloadView workload, ServerRule rule, String presented,
            String canonical) {
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
                            + ", but that workload is inactive"), null);
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
        return new Side<>(match, finding, null);
    }

    private static Side<ServerMatch> ambiguous(String presented, List<ServerWorkloadView> below) {
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
