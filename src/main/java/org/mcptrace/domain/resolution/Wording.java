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

    static String quoted(String name) {
        return "'" + display(name) + "'";
    }

    static String difference(Difference difference, UriParts presented, UriParts registered) {
        return switch (difference) {
            case SCHEME_CASE -> "scheme case differs: " + pair(presented.scheme, registered.scheme);
            case SCHEME -> "scheme differs: " + pair(presented.scheme, registered.scheme);
            case HOST_CASE -> "host case differs: " + pair(presented.host, registered.host);
            case HOST_ALIAS -> "host differs: " + pair(presented.host, registered.host);
            case HOST -> "host differs: " + pair(hostWithUserinfo(presented), hostWithUserinfo(registered));
            case DEFAULT_PORT -> "default port written differently: " + pair(portText(presented), portText(registered));
            case PORT -> "port differs: " + pair(portText(presented), portText(registered));
            case PERCENT_ENCODING -> "percent-encoding differs";
            case TRAILING_SLASH -> "trailing slash differs";
            case PATH -> "path differs: " + pair(pathText(presented.path), pathText(registered.path));
            case QUERY -> "query differs: " + pair(presented.query, registered.query);
        };
    }

    private static String pair(String presented, String registered) {
        return display(presented) + " vs " + display(registered);
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
