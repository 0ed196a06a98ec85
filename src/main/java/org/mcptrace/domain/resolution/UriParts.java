package org.mcptrace.domain.resolution;

import java.util.function.UnaryOperator;

/**
 * RFC 3986 components of a raw string, split without any normalisation. java.net.URI is not used because it
 * rejects some valid strings and its equality folds case; decisions here must see exactly what was sent.
 */
final class UriParts {

    static final String[] LOOPBACK_HOSTS = {"127.0.0.1", "[::1]", "localhost"};
    private static final String[] COMMON = {"https", "http", "127.0.0.1", "[::1]", "localhost"};

    final String raw;
    /** Null for a relative reference. */
    final String scheme;
    final boolean hasAuthority;
    final String userinfo;
    /** Null without an authority; an IPv6 literal keeps its brackets. */
    final String host;
    /** Null when absent; empty for "host:". */
    final String port;
    final String path;
    final String query;
    final String fragment;
    /** Null when the string is syntactically a URI reference, otherwise why not. */
    final String syntaxError;

    private UriParts(String raw, String scheme, boolean hasAuthority, String userinfo, String host, String port,
            String path, String query, String fragment, String bracketError, boolean checked) {
        this.raw = raw;
        this.scheme = scheme;
        this.hasAuthority = hasAuthority;
        this.userinfo = userinfo;
        this.host = host;
        this.port = port;
        this.path = path;
        this.query = query;
        this.fragment = fragment;
        this.syntaxError = bracketError != null || !checked ? bracketError : checkSyntax();
    }

    static UriParts parse(String s) {
        return parse(s, true);
    }

    /**
     * Components only, {@link #syntaxError} left unchecked (null unless a bracket is unbalanced): for re-splitting a
     * registered URI whose syntax was judged when the snapshot was built.
     */
    static UriParts split(String s) {
        return parse(s, false);
    }

    private static UriParts parse(String s, boolean checked) {
        if (s == null) {
            s = "";
        }
        int n = s.length();
        int schemeEnd = -1;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == ':') {
                schemeEnd = i;
                break;
            }
            if (c == '/' || c == '?' || c == '#') {
                break;
            }
        }
        String scheme = null;
        int pos = 0;
        if (schemeEnd > 0 && isSchemeSyntax(s, schemeEnd)) {
            scheme = shared(s, 0, schemeEnd);
            pos = schemeEnd + 1;
        }
        boolean hasAuthority = false;
        String userinfo = null;
        String host = null;
        String port = null;
        String bracketError = null;
        if (s.startsWith("//", pos)) {
            hasAuthority = true;
            int start = pos + 2;
            int end = indexOfAny(s, start, true);
            int at = s.lastIndexOf('@', end - 1);
            int hostStart = start;
            if (at >= start) {
                userinfo = s.substring(start, at);
                hostStart = at + 1;
            }
            if (hostStart < end && s.charAt(hostStart) == '[') {
                int close = s.indexOf(']', hostStart);
                if (close < 0 || close >= end) {
                    host = s.substring(hostStart, end);
                    bracketError = "the IPv6 host has no closing ']'";
                } else {
                    host = shared(s, hostStart, close + 1);
                    if (close + 1 < end) {
                        if (s.charAt(close + 1) == ':') {
                            port = s.substring(close + 2, end);
                        } else {
                            bracketError = "unexpected characters after the IPv6 host";
                        }
                    }
                }
            } else {
                int colon = s.indexOf(':', hostStart);
                if (colon >= 0 && colon < end) {
                    host = shared(s, hostStart, colon);
                    port = s.substring(colon + 1, end);
                } else {
                    host = shared(s, hostStart, end);
                }
            }
            pos = end;
        }
        int pathEnd = indexOfAny(s, pos, false);
        String path = s.substring(pos, pathEnd);
        pos = pathEnd;
        String query = null;
        if (pos < n && s.charAt(pos) == '?') {
            int hash = s.indexOf('#', pos + 1);
            int queryEnd = hash < 0 ? n : hash;
            query = s.substring(pos + 1, queryEnd);
            pos = queryEnd;
        }
        String fragment = pos < n ? s.substring(pos + 1) : null;
        return new UriParts(s, scheme, hasAuthority, userinfo, host, port, path, query, fragment, bracketError,
                checked);
    }

    /** Reuses constants for the commonest components, which saves memory in a snapshot of many workloads. */
    private static String shared(String s, int from, int to) {
        for (String common : COMMON) {
            if (common.length() == to - from && s.startsWith(common, from)) {
                return common;
            }
        }
        return s.substring(from, to);
    }

    /**
     * The same URI with its scheme, port, path and query replaced by the equal strings {@code shared} hands out (the
     * raw string, userinfo, host and fragment kept), for an index that keeps one copy of components many URIs share.
     */
    UriParts sharing(UnaryOperator<String> shared) {
        return new UriParts(raw, shared.apply(scheme), hasAuthority, userinfo, host, shared.apply(port),
                shared.apply(path), shared.apply(query), fragment, syntaxError, false);
    }

    boolean isAbsolute() {
        return scheme != null;
    }

    boolean schemeIs(String name) {
        return scheme != null && scheme.equalsIgnoreCase(name);
    }

    /** Literal comparison, as R2 requires: "LOCALHOST" is not a loopback host name for matching. */
    boolean hasLiteralLoopbackHost() {
        if (host == null) {
            return false;
        }
        for (String loopback : LOOPBACK_HOSTS) {
            if (loopback.equals(host)) {
                return true;
            }
        }
        return false;
    }

    static boolean isLoopbackIgnoringCase(String host) {
        if (host == null || (host.length() != 9 && host.length() != 5)) {
            return false;
        }
        for (String loopback : LOOPBACK_HOSTS) {
            if (loopback.equalsIgnoreCase(host)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSchemeSyntax(String s, int end) {
        if (!isAlpha(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < end; i++) {
            char c = s.charAt(i);
            if (!(isAlpha(c) || isDigit(c) || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfAny(String s, int from, boolean stopAtSlash) {
        int n = s.length();
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c == '?' || c == '#' || (stopAtSlash && c == '/')) {
                return i;
            }
        }
        return n;
    }

    private String checkSyntax() {
        String problem;
        if (userinfo != null && (problem = checkChars(userinfo, USERINFO, "userinfo")) != null) {
            return problem;
        }
        if (host != null) {
            if (host.startsWith("[")) {
                String literal = host.substring(1, host.length() - 1);
                if (literal.isEmpty()) {
                    return "the IPv6 host is empty";
                }
                if ((problem = checkChars(literal, IP_LITERAL, "IPv6 host")) != null) {
                    return problem;
                }
            } else if ((problem = checkChars(host, HOST_NAME, "host")) != null) {
                return problem;
            }
        }
        if (port != null) {
            for (int i = 0; i < port.length(); i++) {
                if (!isDigit(port.charAt(i))) {
                    return "the port '" + Wording.display(port) + "' is not a number";
                }
            }
            if (port.length() > 5 || (!port.isEmpty() && Integer.parseInt(port) > 65535)) {
                return "the port " + Wording.display(port) + " is out of range";
            }
        }
        if ((problem = checkChars(path, PATH_CHAR, "path")) != null) {
            return problem;
        }
        if (query != null && (problem = checkChars(query, QUERY_CHAR, "query")) != null) {
            return problem;
        }
        if (fragment != null && (problem = checkChars(fragment, QUERY_CHAR, "fragment")) != null) {
            return problem;
        }
        return null;
    }

    // RFC 3986 appendix A, one bit per component: which ASCII characters may appear unescaped
    private static final int USERINFO = 1;
    private static final int HOST_NAME = 2;
    private static final int IP_LITERAL = 4;
    private static final int PATH_CHAR = 8;
    private static final int QUERY_CHAR = 16;
    private static final byte[] ALLOWED = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            int bits = 0;
            if (isUnreserved(c) || "!$&'()*+,;=".indexOf(c) >= 0) {
                bits = USERINFO | HOST_NAME | IP_LITERAL | PATH_CHAR | QUERY_CHAR;
            } else if (c == ':') {
                bits = USERINFO | IP_LITERAL | PATH_CHAR | QUERY_CHAR;
            } else if (c == '@' || c == '/') {
                bits = PATH_CHAR | QUERY_CHAR;
            } else if (c == '?') {
                bits = QUERY_CHAR;
            }
            ALLOWED[c] = (byte) bits;
        }
    }

    private static String checkChars(String s, int component, String name) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 128 && (ALLOWED[c] & component) != 0) {
                continue;
            }
            if (c == '%') {
                if (i + 2 >= n || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
                    return "malformed percent-escape in the " + name;
                }
                i += 2;
            } else {
                return "character " + describe(c) + " is not allowed in the " + name;
            }
        }
        return null;
    }

    private static String describe(char c) {
        String code = String.format("U+%04X", (int) c);
        return c > 0x20 && c < 0x7f ? "'" + c + "' (" + code + ")" : code;
    }

    static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isUnreserved(char c) {
        return isAlpha(c) || isDigit(c) || c == '-' || c == '.' || c == '_' || c == '~';
    }

    static String lowerAscii(String s) {
        if (s == null) {
            return null;
        }
        int n = s.length();
        int i = 0;
        while (i < n && !(s.charAt(i) >= 'A' && s.charAt(i) <= 'Z')) {
            i++;
        }
        if (i == n) {
            return s;
        }
        char[] chars = s.toCharArray();
        for (; i < n; i++) {
            char c = chars[i];
            if (c >= 'A' && c <= 'Z') {
                chars[i] = (char) (c + ('a' - 'A'));
            }
        }
        return new String(chars);
    }

    /** Port that applies, with an omitted or empty port meaning the scheme's default (RFC 3986 section 6.2.3). */
    static String effectivePort(String lowerScheme, String port) {
        if (port == null || port.isEmpty()) {
            return null;
        }
        if (("http".equals(lowerScheme) && "80".equals(port)) || ("https".equals(lowerScheme) && "443".equals(port))) {
            return null;
        }
        return port;
    }

    /**
     * Upper-cases percent-escape hex and decodes escapes of unreserved characters (RFC 3986 section 6.2.2.2), so
     * that spellings of the same octets compare equal. Returns the argument itself when nothing changes.
     */
    static String normalisePercent(String s) {
        if (s == null || s.indexOf('%') < 0) {
            return s;
        }
        int n = s.length();
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < n && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                int value = Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16);
                if (value < 0x80 && isUnreserved((char) value)) {
                    out.append((char) value);
                } else {
                    out.append('%').append(Character.toUpperCase(s.charAt(i + 1)))
                            .append(Character.toUpperCase(s.charAt(i + 2)));
                }
                i += 2;
            } else {
                out.append(c);
            }
        }
        String result = out.toString();
        return result.equals(s) ? s : result;
    }
}
