package org.mcptrace.domain.resolution;

import java.util.Optional;

/** Resource URL rules shared by request resolution (step 1, S2 to S4) and configuration save. */
public final class ResourceUrls {

    private ResourceUrls() {
    }

    /**
     * Empty if {@code url} is acceptable as a registered resource URL, else the reason. Stricter than step 1 in
     * refusing userinfo, since credentials have no place in stored configuration.
     */
    public static Optional<String> problem(String url) {
        UriParts parts = UriParts.parse(url);
        String problem = requestProblem(parts);
        if (problem == null && parts.userinfo != null) {
            problem = "it has userinfo ('…@' before the host); a resource URL must not carry credentials";
        }
        return Optional.ofNullable(problem);
    }

    /**
     * S2 canonical form: scheme and host lower-cased, default port dropped, one trailing '/' stripped; path case and
     * percent-escapes are kept because servers may treat them as significant. A relative string is returned as is.
     */
    public static String canonical(String url) {
        if (url == null) {
            return null;
        }
        UriParts parts = UriParts.parse(url);
        return parts.isAbsolute() ? canonicalOf(parts).text() : url;
    }

    static String requestProblem(UriParts url) {
        if (url.raw.isEmpty()) {
            return "the resource URL is empty";
        }
        if (!url.isAbsolute()) {
            return "it is not an absolute URI (it has no scheme)";
        }
        if (url.syntaxError != null) {
            return "it is not a valid URI: " + url.syntaxError;
        }
        if (url.fragment != null) {
            return "it has a fragment ('#'); a resource URL must not have one (RFC 8707)";
        }
        return null;
    }

    /** Canonical text plus where its path lies, so that callers can cut origin and path prefixes without reparsing. */
    record Canonical(String text, int pathStart, int pathEnd, boolean hierarchical, boolean hasQuery) {

        /** Canonical origin and path without query or fragment. */
        String base() {
            return pathEnd == text.length() ? text : text.substring(0, pathEnd);
        }
    }

    static Canonical canonicalOf(UriParts url) {
        String scheme = UriParts.lowerAscii(url.scheme);
        StringBuilder text = new StringBuilder(url.raw.length() + 8).append(scheme).append(':');
        if (url.hasAuthority) {
            text.append("//");
            if (url.userinfo != null) {
                text.append(url.userinfo).append('@');
            }
            text.append(UriParts.lowerAscii(url.host));
            String port = UriParts.effectivePort(scheme, url.port);
            if (port != null) {
                text.append(':').append(port);
            }
        }
        int pathStart = text.length();
        String path = url.path;
        text.append(path, 0, path.endsWith("/") ? path.length() - 1 : path.length());
        int pathEnd = text.length();
        if (url.query != null) {
            text.append('?').append(url.query);
        }
        if (url.fragment != null) {
            text.append('#').append(url.fragment);
        }
        return new Canonical(text.toString(), pathStart, pathEnd, url.hasAuthority, url.query != null);
    }
}
