package org.mcptrace.domain.access;

import java.util.Locale;

/**
 * What a caller may do. The names are the security roles web.xml declares and {@code @RolesAllowed} names: a page's
 * caller has its role as its container group (mapped to the role of the same name), an API caller as the JAX-RS
 * security context the API filter sets. Fixed by who the caller is, so the same rules hold in every deployment.
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
