package org.mcptrace.application;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.mcptrace.application.ConfigurationRejected.Kind;
import org.mcptrace.domain.access.Identity;
import org.mcptrace.domain.access.Role;

/** Who is making the current request: the identity the interfaces layer established for it, or nobody. */
@RequestScoped
public class Caller {

    @Inject
    Identity identity;

    public String getName() {
        return identity == null ? "anonymous" : identity.name();
    }

    public boolean isOperator() {
        return identity != null && identity.operator();
    }

    /** The console user's role, or null for a gateway or nobody. */
    public Role consoleRole() {
        return identity == null || identity.gateway() ? null : identity.role();
    }

    /** Refuses the change unless an operator asked for it: the screens hide the controls, this is the enforcement. */
    public void requireOperator() {
        if (!isOperator()) {
            throw new ConfigurationRejected(Kind.FORBIDDEN, null, "Only an operator may change this; "
                    + getName() + " may only read it.");
        }
    }
}
