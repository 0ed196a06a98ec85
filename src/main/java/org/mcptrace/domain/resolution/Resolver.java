package org.mcptrace.domain.resolution;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies the matching rules (docs/resolution-rules.md) to one request. Each rule is one method named after it, and
 * each looks in one map of the {@link ConfigurationSnapshot}. Decisions use only spec-exact comparisons of the raw
 * strings; the generous part (canonical forms, near misses) only ever explains or warns.
 */
public final class Resolver {

    private static final AuthorizationRequest NO_REQUEST = AuthorizationRequest.of(null, null, null);
    private static final String NO_CLIENT = "no Client Workload matched";
    private static final String NO_SERVER = "no Server Workload matched";

    /** What one side (client, server or policy) contributed: a match and its finding, or why there is none. */
    private record Side<M>(M match, Finding finding, String gap) {

        static <M> Side<M> of(M match, Finding finding) {
            return new Side<>(match, finding, null);
        }
    }

    private Resolver() {
    }

    /** Pure and thread-safe; never throws, whatever the request holds. Null arguments count as empty. */
    public static Resolution resolve(AuthorizationRequest request, ConfigurationSnapshot snapshot) {
        return resolve(request, snapshot, null);
    }

    /**
     * As {@link #resolve(AuthorizationRequest, ConfigurationSnapshot)}, plus the check of the client's metadata
     * document against the latest verdict on it (null: no check, as when fetching is off or the client ID is no URL).
     */
    public static Resolution resolve(AuthorizationRequest request, ConfigurationSnapshot snapshot,
            ClientMetadataVerdict clientMetadata) {
        AuthorizationRequest req = request != null ? request : NO_REQUEST;
        ConfigurationSnapshot config = snapshot != null ? snapshot : ConfigurationSnapshot.empty();
        UriParts redirect = single(req.redirectUris());
        UriParts resource = single(req.resources());
        List<Finding> findings = new ArrayList<>(4);

        // step 1 findings lead the entry; a side that fails it is not matched further
        Side<ClientMatch> client = checkRedirectUri(req.redirectUris(), redirect);
        Side<ServerMatch> server = checkResource(req.resources(), resource);
        if (client != null) {
            findings.add(client.finding());
        }
        if (server != null) {
            findings.add(server.finding());
        }
        String clientId = req.clientId() == null || req.clientId().isEmpty() ? null : req.clientId();
        // parsed once, for its own check and for near misses, when it claims to be a metadata document URL
        UriParts clientIdUrl = ClientIds.isMetadataUrl(clientId) ? UriParts.parse(clientId) : null;
        if (client == null) {
            client = identifyClient(redirect, clientId, clientIdUrl, config);
            findings.add(client.finding());
        }
        checkMetadataUrl(clientId, clientIdUrl).ifPresent(findings::add);
        Finding metadata = ClientMetadataCheck.finding(clientMetadata, req.redirectUris());
        if (metadata != null) {
            findings.add(metadata);
        }
        if (server == null) {
            server = identifyServer(resource, config);
            findings.add(server.finding());
        }
        Side<PolicyMatch> policy = client.match() != null && server.match() != null
                ? accessPolicy(client.match(), server.match(), config)
                : notEvaluated(client.gap(), server.gap());
        findings.add(policy.finding());
        return Resolution.of(client.match(), server.match(), policy.match(), findings, config.revision());
    }

    private static UriParts single(List<String> values) {
        return values.size() == 1 && !values.get(0).isEmpty() ? UriParts.parse(values.get(0)) : null;
    }

    // Step 1: is the request well formed?

    /** A finding if the redirect URI is missing or invalid, else null. */
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

    /** A finding if the resource is missing or invalid, else null. */
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

    // Steps 2 and 2a: client ID or redirect URI -> Client Workload

    /**
     * A registered client ID (C1) identifies the workload before any redirect URI does; the redirect URI must then
     * agree with it. Otherwise R1 or R2 identify it, and a workload that registers client IDs pins them.
     */
    private static Side<ClientMatch> identifyClient(UriParts redirect, String clientId, UriParts clientIdUrl,
            ConfigurationSnapshot config) {
        Optional<ConfigurationSnapshot.Registration> byRedirectUri = r1Exact(redirect, config)
                .or(() -> r2Loopback(redirect, config));
        Optional<ClientWorkloadSnapshot> byClientId = c1ClientId(clientId, config);
        if (byClientId.isPresent()) {
            ClientWorkloadSnapshot workload = byClientId.get();
            return byRedirectUri.filter(registration -> registration.workload() != workload)
                    .map(other -> clientConflict(workload, clientId, redirect, other))
                    .or(() -> redirectUriNotRegistered(workload, clientId, redirect, byRedirectUri.isPresent()))
                    .orElseGet(() -> clientMatchedByClientId(workload, clientId));
        }
        return byRedirectUri
                .map(registration -> clientIdNotRegistered(registration, clientId, clientIdUrl, redirect)
                        .orElseGet(() -> clientMatched(registration, redirect)))
                .orElseGet(() -> noClient(redirect, clientId, clientIdUrl, config));
    }

    /** C1: the presented client_id is identical to a client ID a workload registers. */
    private static Optional<ClientWorkloadSnapshot> c1ClientId(String clientId, ConfigurationSnapshot config) {
        return config.clientByClientId(clientId);
    }

    /** R1: the presented string is identical to a registered redirect URI. */
    private static Optional<ConfigurationSnapshot.Registration> r1Exact(UriParts redirect,
            ConfigurationSnapshot config) {
        return Optional.ofNullable(config.clientsByRedirectUri.get(redirect.raw));
    }

    /** R2: both http, the same literal loopback host, path and query; the port is ignored. */
    private static Optional<ConfigurationSnapshot.Registration> r2Loopback(UriParts redirect,
            ConfigurationSnapshot config) {
        String key = RedirectUris.loopbackKey(redirect);
        return Optional.ofNullable(key == null ? null : config.clientsByLoopbackKey.get(key));
    }

    /** C1 conflict: the client ID names one workload and the redirect URI another; the entry names the first. */
    private static Side<ClientMatch> clientConflict(ClientWorkloadSnapshot workload, String clientId,
            UriParts redirect, ConfigurationSnapshot.Registration other) {
        return Side.of(byClientId(workload, clientId), Finding.of(FindingCode.CLIENT_CONFLICT, "Client ID "
                + Wording.display(clientId) + " identifies Client Workload " + Wording.quoted(workload.name())
                + ", but redirect URI " + Wording.display(redirect.raw) + " matches Client Workload "
                + Wording.quoted(other.workload().name()) + " (" + Wording.display(other.redirectUri())
                + "); one request must identify one workload: move the redirect URI or the client ID so that both "
                + "are on the same workload"));
    }

    /** C1 + redirect URI: the workload C1 found registers redirect URIs, and none of them matches by R1 or R2. */
    private static Optional<Side<ClientMatch>> redirectUriNotRegistered(ClientWorkloadSnapshot workload,
            String clientId, UriParts redirect, boolean matchedItself) {
        if (matchedItself || workload.redirectUris().isEmpty()) {
            return Optional.empty();
        }
        NearMissIndex.Result near = NearMissIndex.among(redirect, workload, workload.redirectUris(), true,
                "Client ID " + Wording.display(clientId) + " identifies Client Workload "
                        + Wording.quoted(workload.name()) + ", but its redirect URIs do not include "
                        + Wording.display(redirect.raw));
        return Optional.of(Side.of(byClientId(workload, clientId),
                Finding.of(FindingCode.CLIENT_REDIRECT_URI_NOT_REGISTERED, near.message(), near.nearMisses())));
    }

    private static Side<ClientMatch> clientMatchedByClientId(ClientWorkloadSnapshot workload, String clientId) {
        String matched = "Client ID matched Client Workload " + Wording.quoted(workload.name()) + " exactly";
        return Side.of(byClientId(workload, clientId), workload.active()
                ? Finding.of(FindingCode.CLIENT_MATCHED_BY_CLIENT_ID, matched)
                : Finding.of(FindingCode.CLIENT_WORKLOAD_INACTIVE, matched + ", but that workload is inactive"));
    }

    private static ClientMatch byClientId(ClientWorkloadSnapshot workload, String clientId) {
        return new ClientMatch(workload.id(), workload.name(), workload.active(), ClientRule.CLIENT_ID, clientId);
    }

    /** Pinned: the redirect URI matched a workload that registers client IDs, and the request presents none of them. */
    private static Optional<Side<ClientMatch>> clientIdNotRegistered(ConfigurationSnapshot.Registration registration,
            String clientId, UriParts clientIdUrl, UriParts redirect) {
        ClientWorkloadSnapshot workload = registration.workload();
        if (workload.clientIds().isEmpty()) {
            return Optional.empty();
        }
        StringBuilder lead = new StringBuilder(160).append("Redirect URI matched Client Workload ")
                .append(Wording.quoted(workload.name())).append(", which accepts only the client ");
        lead.append(workload.clientIds().size() == 1 ? "ID " : "IDs ");
        int shown = Math.min(workload.clientIds().size(), NearMissIndex.LIMIT);
        for (int i = 0; i < shown; i++) {
            lead.append(i == 0 ? "" : ", ").append(Wording.display(workload.clientIds().get(i)));
        }
        if (workload.clientIds().size() > shown) {
            lead.append(" and ").append(workload.clientIds().size() - shown).append(" more");
        }
        lead.append(clientId == null ? "; the request has no client_id"
                : "; the request's client_id " + Wording.display(clientId) + " is not one of them");
        NearMissIndex.Result near = clientId == null
                ? new NearMissIndex.Result(List.of(), lead.toString())
                : NearMissIndex.among(clientIdUrl != null ? clientIdUrl : UriParts.parse(clientId), workload,
                        workload.clientIds(), false, lead.toString());
        return Optional.of(Side.of(new ClientMatch(workload.id(), workload.name(), workload.active(),
                ruleOf(registration, redirect), registration.redirectUri()),
                Finding.of(FindingCode.CLIENT_ID_NOT_REGISTERED, near.message(), near.nearMisses())));
    }

    /** R1 when the registered string is the presented one, else R2 found it. */
    private static ClientRule ruleOf(ConfigurationSnapshot.Registration registration, UriParts redirect) {
        return registration.redirectUri().equals(redirect.raw) ? ClientRule.EXACT : ClientRule.LOOPBACK;
    }

    private static Side<ClientMatch> clientMatched(ConfigurationSnapshot.Registration registration,
            UriParts redirect) {
        ClientWorkloadSnapshot workload = registration.workload();
        ClientRule rule = ruleOf(registration, redirect);
        ClientMatch match = new ClientMatch(workload.id(), workload.name(), workload.active(), rule,
                registration.redirectUri());
        String matched = "Redirect URI matched Client Workload " + Wording.quoted(workload.name())
                + (rule == ClientRule.EXACT ? " exactly" : " (loopback rule: port ignored)");
        return Side.of(match, workload.active()
                ? Finding.of(FindingCode.CLIENT_MATCHED, matched)
                : Finding.of(FindingCode.CLIENT_WORKLOAD_INACTIVE, matched + ", but that workload is inactive"));
    }

    /**
     * A client_id that claims to be a Client ID Metadata Document URL but is not a valid one: a Warning whatever
     * matched, because an authorization server that supports such documents refuses it.
     */
    private static Optional<Finding> checkMetadataUrl(String clientId, UriParts clientIdUrl) {
        String problem = clientIdUrl == null ? null : ClientIds.metadataUrlProblem(clientIdUrl);
        return problem == null ? Optional.empty() : Optional.of(Finding.of(FindingCode.CLIENT_ID_METADATA_URL_INVALID,
                "Client ID " + Wording.display(clientId) + " is not a valid Client ID Metadata Document URL: "
                        + problem + "; an authorization server that supports such documents refuses it"));
    }

    /** No rule matched: the finding names the registered redirect URIs that almost did. */
    private static Side<ClientMatch> noClient(UriParts redirect, String clientId, UriParts clientIdUrl,
            ConfigurationSnapshot config) {
        NearMissIndex.Result near = config.clientNearMisses.explain(redirect, "Client Workload",
                "No Client Workload has the redirect URI " + Wording.display(redirect.raw));
        String message = near.message();
        if (clientIdUrl != null) {
            // a client ID that almost matched is worth saying; the near misses stay those of the redirect URI, which
            // the quick fixes act on
            NearMissIndex.Result nearId = config.clientIdNearMisses.explain(clientIdUrl,
                    "Client Workload", "nor the client ID " + Wording.display(clientId));
            if (!nearId.nearMisses().isEmpty()) {
                message = message + "; " + nearId.message();
            }
        }
        return new Side<>(null, Finding.of(FindingCode.CLIENT_NO_MATCH, message, near.nearMisses()), NO_CLIENT);
    }

    // Step 3: resource -> Server Workload

    private static Side<ServerMatch> identifyServer(UriParts resource, ConfigurationSnapshot config) {
        ResourceUrls.Canonical canonical = ResourceUrls.canonicalOf(resource);
        return s1Exact(resource, config).map(server -> serverMatched(server, ServerRule.EXACT, resource, canonical))
                .or(() -> s2Canonical(canonical, config)
                        .map(server -> serverMatched(server, ServerRule.CANONICAL, resource, canonical)))
                .or(() -> s3PathBelow(canonical, config)
                        .map(server -> serverMatched(server, ServerRule.PATH_BELOW, resource, canonical)))
                .or(() -> s4PathAbove(canonical, config)
                        .map(server -> serverMatched(server, ServerRule.PATH_ABOVE, resource, canonical)))
                .or(() -> s4Ambiguous(canonical, config).map(below -> ambiguous(resource, below)))
                .orElseGet(() -> noServer(resource, config));
    }

    /** S1: the presented string is identical to a registered resource URL. */
    private static Optional<ServerWorkloadSnapshot> s1Exact(UriParts resource, ConfigurationSnapshot config) {
        return Optional.ofNullable(config.serversByResourceUrl.get(resource.raw));
    }

    /** S2: equal after lowercasing scheme and host, dropping the default port and one trailing '/'. */
    private static Optional<ServerWorkloadSnapshot> s2Canonical(ResourceUrls.Canonical canonical,
            ConfigurationSnapshot config) {
        return Optional.ofNullable(config.serversByCanonicalUrl.get(canonical.text()));
    }

    /**
     * S3: same canonical origin, and the registered path is a segment prefix of the presented one; the longest
     * wins. The presented query does not count.
     */
    private static Optional<ServerWorkloadSnapshot> s3PathBelow(ResourceUrls.Canonical canonical,
            ConfigurationSnapshot config) {
        if (!canonical.hierarchical()) {
            return Optional.empty();
        }
        String base = canonical.base();
        // no prefix longer than the longest registered one can match, so a hostile path of a million segments
        // costs a few lookups, not a million
        int from = Math.min(base.length() - 1, config.longestCanonicalBase);
        for (int slash = base.lastIndexOf('/', from); slash >= canonical.pathStart();
                slash = base.lastIndexOf('/', slash - 1)) {
            ServerWorkloadSnapshot server = config.serversByCanonicalUrl.get(base.substring(0, slash));
            if (server != null) {
                return Optional.of(server);
            }
        }
        return Optional.empty();
    }

    /** S4: the presented URL is the origin or a shorter path, and exactly one Server Workload lies below it. */
    private static Optional<ServerWorkloadSnapshot> s4PathAbove(ResourceUrls.Canonical canonical,
            ConfigurationSnapshot config) {
        List<ServerWorkloadSnapshot> below = serversBelow(canonical, config);
        return below.size() == 1 ? Optional.of(below.get(0)) : Optional.empty();
    }

    /** S4 ambiguous: as S4, but several Server Workloads lie below it. */
    private static Optional<List<ServerWorkloadSnapshot>> s4Ambiguous(ResourceUrls.Canonical canonical,
            ConfigurationSnapshot config) {
        List<ServerWorkloadSnapshot> below = serversBelow(canonical, config);
        return below.size() > 1 ? Optional.of(below) : Optional.empty();
    }

    /** Only a URL without a query lies above others: a query makes a URL more specific, never less. */
    private static List<ServerWorkloadSnapshot> serversBelow(ResourceUrls.Canonical canonical,
            ConfigurationSnapshot config) {
        if (!canonical.hierarchical() || canonical.hasQuery()) {
            return List.of();
        }
        return config.serversBelow.getOrDefault(canonical.base(), List.of());
    }

    private static Side<ServerMatch> serverMatched(ServerWorkloadSnapshot workload, ServerRule rule, UriParts resource,
            ResourceUrls.Canonical canonical) {
        ServerMatch match = new ServerMatch(workload.id(), workload.name(), workload.active(), rule,
                workload.resourceUrl());
        String name = Wording.quoted(workload.name());
        String registered = Wording.display(workload.resourceUrl());
        String shown = Wording.display(resource.raw);
        if (!workload.active()) {
            String how = switch (rule) {
                case EXACT -> "exactly";
                case CANONICAL -> "after canonicalisation";
                case PATH_BELOW -> "by path (it lies below " + registered + ")";
                case PATH_ABOVE -> "by path (" + registered + " lies below it)";
            };
            return Side.of(match, Finding.of(FindingCode.SERVER_WORKLOAD_INACTIVE,
                    "Resource " + shown + " matched Server Workload " + name + " " + how
                            + ", but that workload is inactive"));
        }
        return Side.of(match, switch (rule) {
            case EXACT -> Finding.of(FindingCode.SERVER_MATCHED, "Resource matched Server Workload " + name
                    + " exactly");
            case CANONICAL -> Finding.of(FindingCode.SERVER_MATCHED_NON_CANONICAL, "Resource " + shown
                    + " matched Server Workload " + name + " only after canonicalisation; a strict authorization "
                    + "server compares exactly: register or send " + Wording.display(canonical.text()));
            case PATH_BELOW -> Finding.of(FindingCode.SERVER_MATCHED_BY_PATH, "Resource " + shown
                    + " matched Server Workload " + name + " by path: it lies below " + registered
                    + "; a strict authorization server compares exactly: send " + registered);
            case PATH_ABOVE -> Finding.of(FindingCode.SERVER_MATCHED_BY_PATH, "Resource " + shown
                    + " matched Server Workload " + name + " by path: " + registered
                    + " is the only Server Workload below it; a strict authorization server compares exactly: send "
                    + registered);
        });
    }

    private static Side<ServerMatch> ambiguous(UriParts resource, List<ServerWorkloadSnapshot> below) {
        StringBuilder message = new StringBuilder("Resource ").append(Wording.display(resource.raw))
                .append(" lies above ").append(below.size())
                .append(" Server Workloads, so it does not identify one: ");
        int shown = Math.min(below.size(), NearMissIndex.LIMIT);
        List<NearMiss> candidates = new ArrayList<>(shown);
        for (int i = 0; i < shown; i++) {
            ServerWorkloadSnapshot workload = below.get(i);
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

    /** No rule matched: the finding names the registered resource URLs that almost did. */
    private static Side<ServerMatch> noServer(UriParts resource, ConfigurationSnapshot config) {
        NearMissIndex.Result near = config.serverNearMisses.explain(resource, "Server Workload",
                "No Server Workload has the resource " + Wording.display(resource.raw));
        return new Side<>(null, Finding.of(FindingCode.SERVER_NO_MATCH, near.message(), near.nearMisses()),
                NO_SERVER);
    }

    // Step 4: Access Policy

    /** The Access Policy connecting the two workloads: active, inactive or missing. */
    private static Side<PolicyMatch> accessPolicy(ClientMatch client, ServerMatch server,
            ConfigurationSnapshot config) {
        String pair = Wording.quoted(client.name()) + " and " + Wording.quoted(server.name());
        return config.policyFor(client.id(), server.id())
                .map(policy -> Side.of(new PolicyMatch(policy.id(), policy.name(), policy.active()),
                        policy.active()
                                ? Finding.of(FindingCode.POLICY_ACTIVE, "Access Policy "
                                        + Wording.quoted(policy.name()) + " connects " + pair)
                                : Finding.of(FindingCode.POLICY_INACTIVE, "Access Policy "
                                        + Wording.quoted(policy.name()) + " connecting " + pair + " is inactive")))
                .orElseGet(() -> Side.of(null, Finding.of(FindingCode.POLICY_MISSING,
                        "No Access Policy connects " + pair)));
    }

    /** A workload was not found, so there is no pair to look up: the finding says why. */
    private static Side<PolicyMatch> notEvaluated(String clientGap, String serverGap) {
        String reason;
        if (NO_CLIENT.equals(clientGap) && NO_SERVER.equals(serverGap)) {
            reason = "no Client Workload or Server Workload matched";
        } else if (clientGap != null && serverGap != null) {
            reason = clientGap + " and " + serverGap;
        } else {
            reason = clientGap != null ? clientGap : serverGap;
        }
        return Side.of(null, Finding.of(FindingCode.POLICY_NOT_EVALUATED, "Not evaluated: " + reason));
    }
}
