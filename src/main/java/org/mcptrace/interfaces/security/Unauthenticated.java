package org.mcptrace.interfaces.security;

/**
 * Why an API request has no caller, the challenge to answer it with and the header at fault: left on the request by
 * {@link ConsoleAuthentication} for the API's filter, which answers 401.
 */
public record Unauthenticated(String challenge, String detail, String field) {

    public static final String ATTRIBUTE = "org.mcptrace.unauthenticated";

    /** For a request that brought no credentials at all. */
    public static final Unauthenticated NO_CREDENTIALS = new Unauthenticated(
            "Basic realm=\"mcptrace\", charset=\"UTF-8\"", "Sign in: HTTP Basic with a console user.", "Authorization");
}
