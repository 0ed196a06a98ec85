package org.mcptrace.domain.resolution;

/** Operator-facing text. Presented values are untrusted, so they are shortened and their control characters escaped. */
final class Wording {

    /** Long enough for any real URI, short enough that a hostile megabyte does not end up in every message. */
    static final int MAX_DISPLAY = 200;

    private Wording() {
    }

    static String display(String value) {
        if (value == null) {
            return "(none)";
        }
        int n = Math.min(value.length(), MAX_DISPLAY);
        boolean clean = value.length() <= MAX_DISPLAY;
        for (int i = 0; i < n && clean; i++) {
            char c = value.charAt(i);
            clean = c >= 0x20 && c != 0x7f;
        }
        if (clean) {
            return value;
        }
        StringBuilder out = new StringBuilder(n + 16);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            } else {
                out.append(c);
            }
        }
        if (value.length() > MAX_DISPLAY) {
            out.append("… (").append(value.length()).append(" characters)");
        }
        return out.toString();
    }

    /** Appends what {@link #display(String)} returns, without building it first when it is the value itself. */
    static StringBuilder appendDisplay(StringBuilder out, String value) {
        if (value == null || value.length() > MAX_DISPLAY) {
            return out.append(display(value));
        }
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return out.append(display(value));
            }
        }
        return out.append(value);
    }

    static String quoted(String name) {
        return "'" + display(name) + "'";
    }

    /** Appends how one component differs, straight into the message, which saves a string per difference. */
    static StringBuilder appendDifference(StringBuilder out, Difference difference, UriParts presented,
            UriParts registered) {
        return switch (difference) {
            case SCHEME_CASE -> pair(out.append("scheme case differs: "), presented.scheme, registered.scheme);
            case SCHEME -> pair(out.append("scheme differs: "), presented.scheme, registered.scheme);
            case HOST_CASE -> pair(out.append("host case differs: "), presented.host, registered.host);
            case HOST_ALIAS -> pair(out.append("host differs: "), presented.host, registered.host);
            case HOST -> pair(out.append("host differs: "), hostWithUserinfo(presented), hostWithUserinfo(registered));
            case DEFAULT_PORT -> pair(out.append("default port written differently: "), portText(presented),
                    portText(registered));
            case PORT -> pair(out.append("port differs: "), portText(presented), portText(registered));
            case PERCENT_ENCODING -> out.append("percent-encoding differs");
            case TRAILING_SLASH -> out.append("trailing slash differs");
            case PATH -> pair(out.append("path differs: "), pathText(presented.path), pathText(registered.path));
            case QUERY -> pair(out.append("query differs: "), presented.query, registered.query);
        };
    }

    private static StringBuilder pair(StringBuilder out, String presented, String registered) {
        return appendDisplay(appendDisplay(out, presented).append(" vs "), registered);
    }

    private static String hostWithUserinfo(UriParts uri) {
        return uri.userinfo == null ? uri.host : uri.userinfo + "@" + uri.host;
    }

    private static String portText(UriParts uri) {
        return uri.port == null || uri.port.isEmpty() ? "no port" : uri.port;
    }

    private static String pathText(String path) {
        return path.isEmpty() ? "(empty)" : path;
    }
}
