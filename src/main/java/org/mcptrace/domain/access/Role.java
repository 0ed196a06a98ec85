package org.mcptrace.domain.access;

/**
 * What a caller may do. Roles are fixed by who the caller is, not mapped by the server, so the same rules hold in
 * every deployment (including dropins, where server.xml role bindings cannot apply).
 */
public enum Role {
    /** Watches traces and reads configuration, gateways and the audit trail; changes nothing. */
    VIEWER,
    /** Everything a viewer does, plus configuration changes, quick fixes, re-evaluation and gateways. */
    OPERATOR,
    /** A registered gateway: may only report authorization requests. */
    GATEWAY
}
