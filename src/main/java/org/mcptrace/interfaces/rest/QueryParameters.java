package org.mcptrace.interfaces.rest;

/**
 * Numeric query parameters read by the resource itself. JAX-RS answers a {@code @QueryParam int} it cannot convert
 * with 404 (the specification requires {@code NotFoundException}), which sends a script author looking for a wrong
 * path; a malformed value must be a 400 problem that names the parameter, like an out-of-range one.
 */
final class QueryParameters {

    private QueryParameters() {
    }

    /** The value of an optional whole-number parameter between {@code min} and {@code max}, or the default if absent. */
    static int whole(String name, String value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        String problem = name + " must be a whole number between " + min + " and " + max + ", was '"
                + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'.";
        int parsed;
        try {
            parsed = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new ProblemException(400, "Invalid query", problem, name);
        }
        if (parsed < min || parsed > max) {
            throw new ProblemException(400, "Invalid query", problem, name);
        }
        return parsed;
    }
}
