package org.mcptrace.domain.resolution;

/**
 * How a registered URI differs from a presented one. The first group vanishes under RFC 3986 normalisation (plus
 * loopback aliasing); the last five name a whole component that differs.
 */
public enum Difference {
    HOST_ALIAS, HOST_CASE, SCHEME_CASE, DEFAULT_PORT, PORT, PERCENT_ENCODING, TRAILING_SLASH, PATH, QUERY, SCHEME, HOST
}
