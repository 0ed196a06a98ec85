package org.mcptrace.application;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.mcptrace.application.ConfigurationRejected.Kind;
import org.mcptrace.domain.access.Identity;

/**
 * Who is making the current request, as the authentication mechanism established it. The role travels with the
 * identity instead of being asked of the container ({@code isUserInRole}), because container role mapping differs
 * between a server.xml deployment and dropins; this way the rules are the same everywhere.
 */
@Named("caller")
@RequestScoped
public class Caller {

    @Inject
    HttpServletRequest request;

    public Identity identity() {
        return identityOf(request);
    }

    /**
     * The same, for code that has the request at hand: the ingestion resource, where creating this request-scoped
     * bean for every report cost more than the rest of reading the report.
     */
    public static Identity identityOf(HttpServletRequest request) {
        if (request.getAttribute(Identity.ATTRIBUTE) instanceof Identity identity) {
            return identity;
        }
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(Identity.ATTRIBUTE) instanceof Identity identity ? identity : null;
    }

    /** The name {@link #getName()} answers, for the request given. */
    public static String nameOf(HttpServletRequest request) {
        Identity identity = identityOf(request);
        return identity == null ? "anonymous" : identity.name();
    }

    public boolean isSignedIn() {
        return identity() != null;
    }

    public String getName() {
        return nameOf(request);
    }

    public boolean isOperator() {
        Identity identity = identity();
        return identity != null && identity.operator();
    }

    public String getRole() {
        Identity identity = identity();
        return identity == null ? "" : identity.role().name().toLowerCase();
    }

    /** Refuses the change unless an operator asked for it: the screens hide the controls, this is the enforcement. */
    public void requireOperator() {
        if (!isOperator()) {
            throw new ConfigurationRejected(Kind.FORBIDDEN, null, "Only an operator may change this; "
                    + getName() + " may only read it.");
        }
    }
}
