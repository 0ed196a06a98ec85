package org.mcptrace.interfaces.rest;

import jakarta.annotation.Priority;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

/**
 * Holds each API call to the {@code @RolesAllowed} of its resource method (or class) before Liberty's own check does,
 * which then finds the role granted. Liberty answers a refusal through the servlet container when the call holds no
 * container login, and API calls hold none (a login is a third of a report's CPU, see ConsoleAuthentication): the answer is
 * "Error 403: AuthenticationFailed" as HTML and a SRVE8115W warning in the log. Here it is a problem document saying
 * what the caller's role allows.
 */
@Provider
@Priority(Priorities.AUTHORIZATION - 100)
@ApplicationScoped
public class RoleCheck implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext context) {
        RolesAllowed allowed = resource.getResourceMethod().getAnnotation(RolesAllowed.class);
        if (allowed == null) {
            allowed = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        if (allowed == null) {
            return;
        }
        SecurityContext caller = context.getSecurityContext();
        for (String role : allowed.value()) {
            if (caller.isUserInRole(role)) {
                return;
            }
        }
        context.abortWith(ProblemMappers.forbidden(caller));
    }
}
