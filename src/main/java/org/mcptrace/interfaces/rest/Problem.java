package org.mcptrace.interfaces.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem document. {@code field} names the JSON member at fault (a JSON Pointer-like dotted path such as
 * {@code redirectUris[1]}), so a gateway author or script can act on it without parsing prose.
 */
public record Problem(String type, String title, int status, String detail, String instance, String field) {

    public static final String MEDIA_TYPE = "application/problem+json";
    // the constructor, not valueOf: valueOf needs a JAX-RS runtime, which unit tests do not have
    public static final MediaType PROBLEM_JSON = new MediaType("application", "problem+json");

    public static Problem of(int status, String title, String detail, String field) {
        return new Problem(typeFor(status), title, status, oneLine(detail), null, field);
    }

    public Response toResponse() {
        return Response.status(status).type(PROBLEM_JSON).entity(this).build();
    }

    private static String typeFor(int status) {
        return switch (status) {
            case 400 -> "urn:mcptrace:problem:invalid-request";
            case 401 -> "urn:mcptrace:problem:unauthenticated";
            case 403 -> "urn:mcptrace:problem:forbidden";
            case 404 -> "urn:mcptrace:problem:not-found";
            case 409 -> "urn:mcptrace:problem:conflict";
            case 413 -> "urn:mcptrace:problem:too-large";
            case 415 -> "urn:mcptrace:problem:unsupported-media-type";
            default -> "about:blank";
        };
    }

    // header-safe and log-safe: a newline inside a message once broke a whole error response
    static String oneLine(String text) {
        return text == null ? null : text.replaceAll("[\\r\\n\\t]+", " ").strip();
    }
}
