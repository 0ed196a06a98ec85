package org.mcptrace.domain.resolution;

/**
 * Client ID rules shared by request resolution (step 2a) and configuration save. A client ID is either a Client ID
 * Metadata Document URL or an opaque pre-registered ID; both are compared as exact strings.
 */
public final class ClientIds {

    private ClientIds() {
    }

    /** Whether {@code clientId} claims to be a Client ID Metadata Document URL: it starts with http:// or https://. */
    public static boolean isMetadataUrl(String clientId) {
        return clientId != null && (clientId.regionMatches(true, 0, "https://", 0, 8)
                || clientId.regionMatches(true, 0, "http://", 0, 7));
    }

    /**
     * Null when {@code clientId} is not a metadata URL or is a valid one; otherwise why an authorization server that
     * supports Client ID Metadata Documents refuses it (https scheme, a path, no fragment, no userinfo, no dot
     * segments).
     */
    public static String metadataUrlProblem(String clientId) {
        return isMetadataUrl(clientId) ? metadataUrlProblem(UriParts.parse(clientId)) : null;
    }

    /** As {@link #metadataUrlProblem(String)}, for a client ID that is a metadata URL, already parsed. */
    static String metadataUrlProblem(UriParts url) {
        if (url.syntaxError != null) {
            return "it is not a valid URL: " + url.syntaxError;
        }
        if (!"https".equals(url.scheme)) {
            return "its scheme is not https";
        }
        if (url.host == null || url.host.isEmpty()) {
            return "it has no host";
        }
        // "https://example.com/" has a path component in RFC 3986 terms, but it names no document of its own
        if (url.path.isEmpty() || url.path.equals("/")) {
            return "it has no path";
        }
        if (url.fragment != null) {
            return "it has a fragment ('#')";
        }
        if (url.userinfo != null) {
            return "it has userinfo ('…@' before the host)";
        }
        for (String segment : url.path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "its path has a '.' or '..' segment";
            }
        }
        return null;
    }
}
