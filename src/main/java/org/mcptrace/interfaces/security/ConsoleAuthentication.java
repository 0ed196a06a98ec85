package org.mcptrace.interfaces.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.mcptrace.application.GatewayRegistry;
import org.mcptrace.domain.access.Identity;

/**
 * The application's only authentication mechanism, so it works the same under server.xml and in dropins:
 * <ul>
 * <li>{@code POST /api/v1/authorization-requests[/batch]}: a gateway's Bearer token, nothing else;</li>
 * <li>{@code /api/v1/forward-auth[/…]}, any method: a gateway's token in {@code X-Mcptrace-Token}, nothing else (the
 * {@code Authorization} header there belongs to the request the proxy is holding, and is never read);</li>
 * <li>other {@code /api/*}: HTTP Basic with a console user, or the console session;</li>
 * <li>pages: the session established by the login page; otherwise a redirect to it.</li>
 * </ul>
 * The identity (with its role) is put on the request; only a page also logs the caller in with the container (see
 * {@link #onApi} for why the API does not). Console users are checked by the identity store ({@link ConsoleUsers});
 * gateway tokens against the in-memory registry, because every report passes here. The session holds only the
 * console user's identity; the login page changes the session id when it stores it, against session fixation.
 *
 * <p>The API is not protected by the container (web.xml): a request there that brings no valid credentials goes on
 * without a caller, carrying what to answer it ({@link Unauthenticated}), and the API's own filter answers 401 as a
 * problem document like every other refusal. Answering here instead would leave the container to set a status on a
 * committed response, which Liberty logs as a warning (SRVE8115W) for every rejected token.
 */
@ApplicationScoped
public class ConsoleAuthentication implements HttpAuthenticationMechanism {

    public static final String FORWARD_AUTH = "/api/v1/forward-auth";
    static final String TOKEN_HEADER = "X-Mcptrace-Token";
    private static final String REALM = "mcptrace";
    private static final String BASIC_CHALLENGE = "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"";
    private static final String INGESTION = "/api/v1/authorization-requests";

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    GatewayRegistry gateways;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        SecurityHeaders.apply(request, response);
        if (ingestion(request.getMethod(), path)) {
            GatewayRegistry.Check check = gateways.check(bearer(request));
            if (check.gateway() == null) {
                return unauthenticated(request, context, "Bearer realm=\"" + REALM + "\", error=\"invalid_token\"",
                        "Report with Authorization: Bearer <gateway token> (" + check.rejection().label() + ").",
                        "Authorization");
            }
            return onApi(request, check.gateway(), context);
        }
        if (forwardAuth(path)) {
            GatewayRegistry.Check check = gateways.check(request.getHeader(TOKEN_HEADER));
            if (check.gateway() == null) {
                // not Basic or Bearer: a browser shown this answer by a proxy must not open a password dialog
                return unauthenticated(request, context, "Mcptrace-Token realm=\"" + REALM + "\"", "Call forward auth with "
                        + TOKEN_HEADER + ": <gateway token> (" + check.rejection().label() + ").", TOKEN_HEADER);
            }
            return onApi(request, check.gateway(), context);
        }
        boolean api = path.startsWith("/api/");
        String authorization = request.getHeader("Authorization");
        if (api && authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            Optional<Identity> user = basic(authorization.substring(6).strip());
            if (user.isEmpty()) {
                return unauthenticated(request, context, BASIC_CHALLENGE, "Wrong username or password.", "Authorization");
            }
            return onApi(request, user.get(), context);
        }
        HttpSession session = api || context.isProtected() ? request.getSession(false) : null;
        if (session != null && session.getAttribute(Identity.ATTRIBUTE) instanceof Identity user) {
            return api ? onApi(request, user, context) : login(request, user, context);
        }
        if (api) {
            return unauthenticated(request, context, BASIC_CHALLENGE, "Sign in: HTTP Basic with a console user.",
                    "Authorization");
        }
        if (!context.isProtected()) {
            // the login page and static resources stay anonymous even with a session: Liberty ties a session to the
            // first user seen on it, so signing in as someone else there must not happen as the old user
            return context.doNothing();
        }
        return toLogin(request, response, path);
    }

    /** Whether a request is a gateway's report, which only a gateway token may send; the one list of those paths. */
    public static boolean ingestion(String method, String path) {
        return "POST".equals(method) && (path.equals(INGESTION) || path.equals(INGESTION + "/")
                || path.equals(INGESTION + "/batch"));
    }

    /** The forward-auth endpoint and everything below it, any method. */
    public static boolean forwardAuth(String path) {
        return path.startsWith(FORWARD_AUTH) && (path.length() == FORWARD_AUTH.length()
                || path.charAt(FORWARD_AUTH.length()) == '/');
    }

    /**
     * An API call goes on without a container login: the API is not protected by the container, and its filter
     * ({@code ApiAccess}) hands the identity to JAX-RS as the request's security context, from which
     * {@code @RolesAllowed} decides. Measured (docs/performance.md): Liberty's login, a JAAS login context and a
     * Subject per request, was about a third of the server CPU of a single report or a forward-auth call (about 25 µs
     * of 77 and of 62 µs on a quiet machine), the two paths every gateway report and every login take; the pages keep
     * it, because the container protects them.
     */
    private static AuthenticationStatus onApi(HttpServletRequest request, Identity identity, HttpMessageContext context) {
        request.setAttribute(Identity.ATTRIBUTE, identity);
        return context.doNothing();
    }

    /** A page: the container logs the caller in, with the role as its one group (web.xml declares the roles). */
    private static AuthenticationStatus login(HttpServletRequest request, Identity identity, HttpMessageContext context) {
        request.setAttribute(Identity.ATTRIBUTE, identity);
        return context.notifyContainerAboutLogin(identity.name(), Set.of(identity.role().roleName()));
    }

    private static String bearer(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).strip();
    }

    // Jakarta Security's BasicAuthenticationCredential would do this, but it decodes US-ASCII with the lenient MIME
    // decoder, while the challenge promises UTF-8 (RFC 7617) and a malformed header should not half-decode
    private Optional<Identity> basic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty() : ConsoleUsers.identity(identityStores.validate(
                    new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static AuthenticationStatus unauthenticated(HttpServletRequest request, HttpMessageContext context,
            String challenge, String detail, String field) {
        request.setAttribute(Unauthenticated.ATTRIBUTE, new Unauthenticated(challenge, detail, field));
        return context.doNothing();
    }

    private static AuthenticationStatus toLogin(HttpServletRequest request, HttpServletResponse response, String path) {
        String next = path + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        String login = request.getContextPath() + "/login.xhtml"
                + ("/".equals(path) || path.isEmpty() ? "" : "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        try {
            if ("partial/ajax".equals(request.getHeader("Faces-Request"))) {
                // an expired session during an ajax update: Faces follows a partial-response redirect, not a 302
                response.setStatus(200);
                response.setContentType("text/xml");
                response.setCharacterEncoding("UTF-8");
                response.getWriter().write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\""
                        + login.replace("&", "&amp;").replace("\"", "&quot;") + "\"></redirect></partial-response>");
                response.flushBuffer();
            } else {
                response.sendRedirect(login);
            }
        } catch (IOException e) {
            // the client went away
        }
        return AuthenticationStatus.SEND_CONTINUE;
    }
}
