package org.mcptrace.application;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import java.security.Principal;
import org.mcptrace.application.ConfigurationRejected.Kind;
import org.mcptrace.domain.access.Role;

/**
 * Who is making the current request, as Jakarta Security established it: the caller principal and the container
 * roles (the authentication mechanism's groups, declared as roles in web.xml, so they hold in every deployment).
 */
@RequestScoped
public class Caller {

    @Inject
    SecurityContext security;

    public String getName() {
        Principal principal = security.getCallerPrincipal();
        return principal == null ? "anonymous" : principal.getName();
    }

    public boolean isOperator() {
        return security.isCallerInRole(Role.OPERATOR.roleName());
    }

    /** The console user's role, or null for a gateway or nobody. */
    public Role consoleRole() {
        return isOperator() ? Role.OPERATOR : security.isCallerInRole(Role.VIEWER.roleName()) ? Role.VIEWER : null;
    }

    /** Refuses the change unless an operator asked for it: the screens hide the controls, this is the enforcement. */
    public void requireOperator() {
        if (!isOperator()) {
            throw new ConfigurationRejected(Kind.FORBIDDEN, null, "Only an operator may change this; "
                    + getName() + " may only read it.");
        }
    }
}
