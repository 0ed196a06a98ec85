package org.mcptrace.domain.resolution;

import java.util.Optional;
import java.util.Set;

/** Redirect URI rules shared by request resolution (step 1, R2) and configuration save (uniqueness). */
public final class RedirectUris {

    /** Schemes that execute or read locally instead of delivering a code to a client. */
    private static final Set<String> FORBIDDEN_SCHEMES = Set.of("javascript", "data", "file", "vbscript", "blob",
            "about");

    private RedirectUris() {
    }

    /** Empty if {@code uri} is acceptable as a redirect URI, else a reason an operator can act on. */
    public static Optional<String> problem(String uri) {
        return Optional.ofNullable(problemOf(UriParts.parse(uri)));
    }

    /**
     * Two registered redirect URIs conflict iff their keys are equal. Loopback URIs lose their port because R2
     * ignores it, so {@code http://127.0.0.1:33418/cb} and {@code http://127.0.0.1:5000/cb} collide.
     */
    public static String conflictKey(String uri) {
        if (uri == null) {
            return "";
        }
        String loopback = loopbackKey(UriParts.parse(uri));
        return loopback != null ? loopback : uri;
    }

    static String problemOf(UriParts uri) {
        if (uri.raw.isEmpty()) {
            return "the redirect URI is empty";
        }
        if (!uri.isAbsolute()) {
            return "it is not an absolute URI (it has no scheme)";
        }
        if (uri.syntaxError != null) {
            return "it is not a valid URI: " + uri.syntaxError;
        }
        if (uri.fragment != null) {
            return "it has a fragment ('#'); a redirect URI must not have one";
        }
        if (uri.userinfo != null) {
            return "it has userinfo ('…@' before the host); a redirect URI must not carry credentials";
        }
        String scheme = UriParts.lowerAscii(uri.scheme);
        if (FORBIDDEN_SCHEMES.contains(scheme)) {
            return "the scheme '" + Wording.display(uri.scheme) + "' is not allowed for a redirect URI";
        }
        if ("http".equals(scheme) && !UriParts.isLoopbackIgnoringCase(uri.host)) {
            String found = uri.host == null || uri.host.isEmpty() ? "this URI has no host"
                    : "not '" + Wording.display(uri.host) + "'";
            return "plain http is allowed only for the loopback hosts 127.0.0.1, [::1] and localhost, " + found
                    + "; use https";
        }
        return null;
    }

    /** R2 key (scheme, literal loopback host, path and query; port dropped), or null when R2 cannot apply. */
    static String loopbackKey(UriParts uri) {
        if (!"http".equals(uri.scheme) || !uri.hasAuthority || uri.userinfo != null || uri.fragment != null
                || !uri.hasLiteralLoopbackHost()) {
            return null;
        }
        int length = 7 + uri.host.length() + uri.path.length() + (uri.query == null ? 0 : uri.query.length() + 1);
        StringBuilder key = new StringBuilder(length).append("http://").append(uri.host).append(uri.path);
        if (uri.query != null) {
            key.append('?').append(uri.query);
        }
        return key.toString();
    }
}
