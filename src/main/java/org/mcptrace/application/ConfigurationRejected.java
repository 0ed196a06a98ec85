package org.mcptrace.application;

/**
 * A configuration change the rules refuse. {@code field} names the input at fault in the API's terms
 * ({@code name}, {@code redirectUris[1]}, {@code version}, …) so both the REST problem document and the screen's
 * field message can point at it; the message is meant for the operator and names any conflicting object.
 */
public class ConfigurationRejected extends RuntimeException {

    public enum Kind { INVALID, NOT_FOUND, CONFLICT, STALE, IN_USE, FORBIDDEN }

    private final Kind kind;
    private final String field;

    public ConfigurationRejected(Kind kind, String field, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    public String field() {
        return field;
    }

    static ConfigurationRejected invalid(String field, String message) {
        return new ConfigurationRejected(Kind.INVALID, field, message);
    }

    static ConfigurationRejected conflict(String field, String message) {
        return new ConfigurationRejected(Kind.CONFLICT, field, message);
    }
}
