package org.mcptrace.interfaces.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.mcptrace.domain.access.Identity;

/**
 * The caller of the current request as {@link ConsoleAuthentication} identified it, for the application's
 * {@code Caller}: on the request (every authenticated request), or in the session (the login page's). Not the
 * container's caller principal, because API calls hold no container login (ConsoleAuthentication says why).
 */
@ApplicationScoped
public class RequestIdentity {

    @Inject
    HttpServletRequest request;

    /** Null for nobody. */
    @Produces
    Identity identity() {
        if (request.getAttribute(Identity.ATTRIBUTE) instanceof Identity identity) {
            return identity;
        }
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(Identity.ATTRIBUTE) instanceof Identity identity ? identity : null;
    }
}
