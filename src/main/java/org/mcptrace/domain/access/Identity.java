package org.mcptrace.domain.access;

import java.io.Serializable;

/** An authenticated caller: a console user or a gateway (whose name becomes the entries' gatewayId). */
public record Identity(String name, Role role) implements Serializable {

    /** The session attribute that carries a console user's identity (set by the login page). */
    public static final String ATTRIBUTE = "org.mcptrace.identity";

    public boolean operator() {
        return role == Role.OPERATOR;
    }

    public boolean gateway() {
        return role == Role.GATEWAY;
    }
}
