package org.mcptrace.interfaces.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Headers every response carries. Pages get their script policy from PrimeFaces' CSP mode (web.xml
 * {@code primefaces.CSP_POLICY}), which adds a fresh nonce per page; this filter adds a second policy that holds for
 * every response, pages included: no framing, no plugins, no foreign base or form targets. Browsers enforce both
 * policies, so a page is never weaker than this one. Anything that is not a page (JSON, CSV, SSE) may run nothing.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class SecurityHeaders extends HttpFilter {

    static final String ALWAYS = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'";
    static final String NOT_A_PAGE = "default-src 'none'; " + ALWAYS;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        apply(request, response);
        chain.doFilter(request, response);
    }

    /** Also called by the authentication mechanism, whose 401s and redirects never reach this filter. */
    static void apply(HttpServletRequest request, HttpServletResponse response) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean page = path.isEmpty() || path.endsWith("/") || path.endsWith(".xhtml");
        boolean resource = path.startsWith("/jakarta.faces.resource/");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Content-Security-Policy", page || resource ? ALWAYS : NOT_A_PAGE);
        if (page) {
            // pages show configuration and traces: never from a shared cache, never from the back button after sign-out
            response.setHeader("Cache-Control", "no-store");
        }
    }
}
