package org.mcptrace.interfaces.rest;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import org.mcptrace.domain.resolution.AuthorizationRequest;

/**
 * What a proxy's forward-auth call says about the request it is holding: which request it was, whether it is an
 * authorization request, and which client address sent it. Each proxy says it its own way; the order in which the
 * headers are read is the contract documented in docs/integrations.md.
 */
final class ForwardedRequest {

    // a value a proxy copies from the client is bounded like any string in a report
    private static final int MAX_VALUE = AuthorizationReports.MAX_STRING;

    private ForwardedRequest() {
    }

    /**
     * The original request's raw query: from {@code X-Forwarded-Uri} (Caddy, Traefik), else {@code X-Original-URI}
     * (nginx), else this call's own query (Envoy and agentgateway put the original path and query below the prefix).
     * Null when the original request had no query.
     */
    static String query(String forwardedUri, String originalUri, String ownQuery) {
        String uri = present(forwardedUri) ? forwardedUri : present(originalUri) ? originalUri : null;
        if (uri == null) {
            return ownQuery;
        }
        int question = uri.indexOf('?');
        if (question < 0) {
            return null;
        }
        int hash = uri.indexOf('#', question);
        return uri.substring(question + 1, hash < 0 ? uri.length() : hash);
    }

    /** The original request's method: {@code X-Forwarded-Method}, else {@code X-Original-Method}, else this call's. */
    static String method(String forwardedMethod, String originalMethod, String ownMethod) {
        return present(forwardedMethod) ? forwardedMethod.strip()
                : present(originalMethod) ? originalMethod.strip() : ownMethod;
    }

    /**
     * Authorization requests reach an authorization endpoint by GET (or POST, RFC 6749 3.1) and name a response type,
     * a redirect URI or a client in their query. Anything else the same proxy rule sends (the server's own follow-up
     * pages, assets, CORS preflights) is not one.
     */
    static boolean isAuthorizationRequest(String method, String query) {
        return ("GET".equalsIgnoreCase(method) || "POST".equalsIgnoreCase(method))
                && AuthorizationRequest.isAuthorizationQuery(query);
    }

    /**
     * The client address: the X-Forwarded-For entry the calling proxy added (the last one), or, when
     * {@code trustedProxies} further proxies stand in front of it, the entry that many places before the last; the
     * first entry when the list is shorter. Then {@code X-Real-IP}, then the address of the caller itself. Whatever is
     * there is taken as it is: an entry that is not an address is shown, not refused.
     */
    static String clientIp(List<String> forwardedFor, String realIp, String peer, int trustedProxies) {
        List<String> entries = new ArrayList<>(2);
        for (String header : forwardedFor) {
            for (String entry : header.split(",")) {
                String address = entry.strip();
                if (!address.isEmpty()) {
                    entries.add(address);
                }
            }
        }
        if (!entries.isEmpty()) {
            return clipped(entries.get(Math.max(0, entries.size() - 1 - trustedProxies)));
        }
        if (present(realIp)) {
            return clipped(realIp.strip());
        }
        return peer;
    }

    static List<String> all(Enumeration<String> values) {
        if (values == null || !values.hasMoreElements()) {
            return List.of();
        }
        List<String> list = new ArrayList<>(1);
        while (values.hasMoreElements()) {
            list.add(values.nextElement());
        }
        return list;
    }

    static String clipped(String value) {
        return value == null || value.length() <= MAX_VALUE ? value : value.substring(0, MAX_VALUE);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
