package org.mcptrace.domain.access;

import java.io.Serializable;

/** An authenticated caller: a console user or a gateway (whose name becomes the entries' gatewayId). */
public record Identity(String name, Role role) implements Serializable {

    /** The request (and, for console users, session) attribute that carries the identity. */
    public static final String ATTRIBUTE = "org.mcptrace.identity";

    public boolean operator() {
        return role == Role.OPERATOR;
    }

    public boolean gateway() {
        return role == Role.GATEWAY;
    }
}
