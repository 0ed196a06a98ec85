package org.mcptrace.domain.access;

import java.util.Locale;

/**
 * What a caller may do. The authentication mechanism hands the role to the container as the caller's one group, and
 * web.xml declares the three as security roles, so the container maps each group to the role of the same name in
 * every deployment (dropins included, where no server.xml binding applies): {@code @RolesAllowed} and
 * {@code isCallerInRole} answer from it.
 */
public enum Role {
    /** Watches traces and reads configuration, gateways and the audit trail; changes nothing. */
    VIEWER,
    /** Everything a viewer does, plus configuration changes, quick fixes, re-evaluation and gateways. */
    OPERATOR,
    /** A registered gateway: may only report authorization requests and call forward auth. */
    GATEWAY;

    /** The container role names, for {@code @RolesAllowed}. */
    public static final String VIEWER_ROLE = "viewer";
    public static final String OPERATOR_ROLE = "operator";
    public static final String GATEWAY_ROLE = "gateway";

    /** The container role (and group) name. */
    public String roleName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
