package org.mcptrace.interfaces.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import org.mcptrace.application.GatewayRegistry;
import java.net.URI;
import java.security.Principal;
import java.util.Set;
import org.mcptrace.domain.access.Identity;
import org.mcptrace.interfaces.security.ConsoleAuthentication;
import org.mcptrace.interfaces.security.Unauthenticated;

/**
 * What the API checks before a resource runs, and the caller it hands to JAX-RS as the request's security context;
 * which role may call which method is said by {@code @RolesAllowed} on the resources (a gateway reports and calls
 * forward auth, a viewer reads and may dry-run, an operator changes):
 * <ul>
 * <li>a request without a caller is answered 401 with the challenge the mechanism chose ({@link Unauthenticated}), as a
 * problem document;</li>
 * <li>reports that are too large are refused before their body is read, and refused reports are counted;</li>
 * <li>no write is accepted from another site: a browser that sends Origin or Sec-Fetch-Site naming a different
 * origin is refused, whether it authenticated with the session cookie or with cached Basic credentials. Together with
 * {@code @Consumes(application/json)} on every write (an HTML form cannot send that), this closes cross-site forms
 * and cookie-authenticated cross-origin writes.</li>
 * </ul>
 */
@Provider
@PreMatching
@ApplicationScoped
public class ApiAccess implements ContainerRequestFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> FORWARDED_AS_POST = Set.of("PUT", "DELETE", "PATCH");

    @Context
    HttpServletRequest request;

    @Inject
    GatewayRegistry gateways;

    @Override
    public void filter(ContainerRequestContext context) {
        Identity identity = request.getAttribute(Identity.ATTRIBUTE) instanceof Identity i ? i : null;
        if (identity == null) {
            Unauthenticated why = request.getAttribute(Unauthenticated.ATTRIBUTE) instanceof Unauthenticated u ? u
                    : Unauthenticated.NO_CREDENTIALS;
            context.abortWith(Response.fromResponse(Problem.of(401, "Unauthenticated", why.detail(), why.field())
                    .toResponse()).header("WWW-Authenticate", why.challenge()).header("Cache-Control", "no-store").build());
            return;
        }
        // what @RolesAllowed asks: API calls hold no container login (ConsoleAuthentication says why)
        context.setSecurityContext(new CallerContext(identity, context.getSecurityContext().isSecure()));
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String method = context.getMethod();
        if (ConsoleAuthentication.forwardAuth(path)) {
            // any method, any body, any path below: the proxy's call stands for the request it holds, which
            // ForwardAuthResource reads from the servlet request; JAX-RS is only to reach it
            if (!ConsoleAuthentication.FORWARD_AUTH.equals(path)) {
                context.setRequestUri(context.getUriInfo().getBaseUriBuilder().path(ForwardAuthResource.class).build());
            }
            if (FORWARDED_AS_POST.contains(method)) {
                context.setMethod("POST");
            }
            return;
        }
        boolean ingestion = ConsoleAuthentication.ingestion(method, path);
        if (ingestion && (context.getMediaType() == null
                || !context.getMediaType().isCompatible(MediaType.APPLICATION_JSON_TYPE))) {
            // counted here because the 415 itself is answered by JAX-RS before any resource code runs
            gateways.reject(GatewayRegistry.Rejection.UNSUPPORTED_MEDIA_TYPE);
        }
        if (ingestion && context.getLength() > (path.endsWith("/batch") ? AuthorizationReports.MAX_BATCH_BODY
                : AuthorizationReports.MAX_BODY)) {
            gateways.reject(GatewayRegistry.Rejection.TOO_LARGE);
            // refused before the body is read into memory
            throw new ProblemException(413, "Body too large", "The body exceeds " + (path.endsWith("/batch")
                    ? AuthorizationReports.MAX_BATCH_BODY : AuthorizationReports.MAX_BODY) + " bytes.", "body");
        }
        if (!SAFE.contains(method) && !ingestion && crossSite()) {
            throw new ProblemException(403, "Cross-site request refused",
                    "Changes are accepted only from this console's own origin or from clients that send no Origin.", null);
        }
    }

    /** The gateway a report or forward-auth call comes from, as the mechanism identified it. */
    static String gateway(HttpServletRequest request) {
        return ((Identity) request.getAttribute(Identity.ATTRIBUTE)).name();
    }

    /** The caller as JAX-RS sees it: its name, and its one role. */
    private record CallerContext(Identity identity, boolean secure) implements SecurityContext {

        @Override
        public Principal getUserPrincipal() {
            return identity::name;
        }

        @Override
        public boolean isUserInRole(String role) {
            return identity.role().roleName().equals(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return identity.gateway() ? "Bearer" : SecurityContext.BASIC_AUTH;
        }
    }

    private boolean crossSite() {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return true;
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        try {
            String authority = URI.create(origin).getAuthority();
            return authority == null || !authority.equalsIgnoreCase(request.getHeader("Host"));
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
