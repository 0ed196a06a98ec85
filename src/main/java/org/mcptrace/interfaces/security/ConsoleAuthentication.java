package org.mcptrace.interfaces.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.mcptrace.application.Access;
import org.mcptrace.application.Gateways;
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
 * The identity (with its role) is put on the request for {@code Caller} and the API filter. The session holds only
 * the identity; the login page changes the session id when it stores it, against session fixation.
 */
@ApplicationScoped
public class ConsoleAuthentication implements HttpAuthenticationMechanism {

    static final String VIA = "org.mcptrace.authenticatedVia";
    static final String FORWARD_AUTH = "/api/v1/forward-auth";
    static final String TOKEN_HEADER = "X-Mcptrace-Token";
    private static final String REALM = "mcptrace";

    @Inject
    Access access;

    @Inject
    Gateways gateways;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        SecurityHeaders.apply(request, response);
        if (ingestion(request.getMethod(), path)) {
            Gateways.Check check = gateways.check(bearer(request));
            if (check.gateway() == null) {
                return unauthorized(response, "Bearer realm=\"" + REALM + "\", error=\"invalid_token\"",
                        "Report with Authorization: Bearer <gateway token> (" + check.rejection().label() + ").",
                        "Authorization");
            }
            return login(request, context, check.gateway(), "bearer");
        }
        if (forwardAuth(path)) {
            Gateways.Check check = gateways.check(request.getHeader(TOKEN_HEADER));
            if (check.gateway() == null) {
                // not Basic or Bearer: a browser shown this answer by a proxy must not open a password dialog
                return unauthorized(response, "Mcptrace-Token realm=\"" + REALM + "\"", "Call forward auth with "
                        + TOKEN_HEADER + ": <gateway token> (" + check.rejection().label() + ").", TOKEN_HEADER);
            }
            return login(request, context, check.gateway(), "token");
        }
        boolean api = path.startsWith("/api/");
        String authorization = request.getHeader("Authorization");
        if (api && authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            Optional<Identity> user = basic(authorization.substring(6).strip());
            if (user.isEmpty()) {
                return unauthorized(response, "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"",
                        "Wrong username or password.", "Authorization");
            }
            return login(request, context, user.get(), "basic");
        }
        if (!context.isProtected()) {
            // the login page and static resources stay anonymous even with a session: Liberty ties a session to the
            // first user seen on it, so signing in as someone else there must not happen as the old user
            return context.doNothing();
        }
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(Identity.ATTRIBUTE) instanceof Identity user) {
            return login(request, context, user, "session");
        }
        if (api) {
            return unauthorized(response, "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"",
                    "Sign in: HTTP Basic with a console user.", "Authorization");
        }
        return toLogin(request, response, path);
    }

    static boolean ingestion(String method, String path) {
        // the benchmark baseline (404 unless enabled, see BenchBaselineResource) authenticates as ingestion does, so
        // the benchmark's ratio compares like with like
        return "POST".equals(method) && (path.equals("/api/v1/authorization-requests")
                || path.equals("/api/v1/authorization-requests/") || path.equals("/api/v1/authorization-requests/batch")
                || path.equals("/api/v1/bench/noop"));
    }

    /** The forward-auth endpoint and everything below it, any method. */
    public static boolean forwardAuth(String path) {
        return path.startsWith(FORWARD_AUTH) && (path.length() == FORWARD_AUTH.length()
                || path.charAt(FORWARD_AUTH.length()) == '/');
    }

    private AuthenticationStatus login(HttpServletRequest request, HttpMessageContext context, Identity identity,
            String via) {
        request.setAttribute(Identity.ATTRIBUTE, identity);
        request.setAttribute(VIA, via);
        return context.notifyContainerAboutLogin(identity.name(), Set.of(identity.role().name().toLowerCase()));
    }

    private static String bearer(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).strip();
    }

    private Optional<Identity> basic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty() : access.signIn(decoded.substring(0, colon), decoded.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static AuthenticationStatus unauthorized(HttpServletResponse response, String challenge, String detail,
                                                     String field) {
        try {
            response.resetBuffer();
            response.setStatus(401);
            response.setHeader("WWW-Authenticate", challenge);
            response.setHeader("Cache-Control", "no-store");
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(Json.createObjectBuilder().add("type", "urn:mcptrace:problem:unauthenticated")
                    .add("title", "Unauthenticated").add("status", 401).add("detail", detail)
                    .add("field", field).build().toString());
            response.flushBuffer();
        } catch (IOException e) {
            // the client went away; nothing else to tell it
        }
        // SEND_CONTINUE: the response is complete and the container must neither invoke the resource nor replace it
        return AuthenticationStatus.SEND_CONTINUE;
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
