package org.mcptrace.domain.resolution;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What became of the latest attempt to read a client's metadata document: not fetched yet, not reachable, read but
 * not a valid document, or a valid document. The document itself is judged here from plain Java values (the JSON
 * parsed into maps, lists, strings, numbers and booleans elsewhere), so the rules of a valid document are plain code.
 */
public record ClientMetadataVerdict(String url, Status status, String problem, ClientMetadata document,
        Instant checkedAt) implements Serializable {

    public enum Status {
        /** Not fetched yet: the fetch is queued, or waits for room in the queue. */
        PENDING,
        /** The document could not be read: refused address, timeout, not 200, not JSON, too large, a redirect. */
        UNREACHABLE,
        /** Read, but not a document an authorization server would accept. */
        INVALID,
        VALID
    }

    /** Client authentication with a shared secret: a public document cannot hold the secret, so it cannot be used. */
    private static final Set<String> SECRET_AUTH_METHODS = Set.of("client_secret_basic", "client_secret_post",
            "client_secret_jwt");

    public static ClientMetadataVerdict pending(String url, String why) {
        return new ClientMetadataVerdict(url, Status.PENDING, why, null, null);
    }

    /** {@code why} may quote the server (a Location, an error text): it is shortened and its controls escaped. */
    public static ClientMetadataVerdict unreachable(String url, String why, Instant at) {
        return new ClientMetadataVerdict(url, Status.UNREACHABLE, Wording.display(why), null, at);
    }

    /**
     * Judges a parsed document fetched from {@code url}: its {@code client_id} must be that URL exactly, its
     * {@code redirect_uris} a non-empty array of strings, and it must not ask for a shared secret (the rules of the
     * OAuth Client ID Metadata Document draft that an authorization server applies before it uses the document).
     */
    public static ClientMetadataVerdict judge(String url, Object json, Instant at) {
        if (!(json instanceof Map<?, ?> members)) {
            return invalid(url, "the document is JSON but not an object", null, at);
        }
        Object clientId = members.get("client_id");
        Object redirectUris = members.get("redirect_uris");
        ClientMetadata document = new ClientMetadata(text(clientId), text(members.get("client_name")),
                text(members.get("client_uri")), strings(redirectUris));
        if (clientId == null) {
            return invalid(url, "it has no client_id", document, at);
        }
        if (!(clientId instanceof String id)) {
            return invalid(url, "its client_id is not a string", document, at);
        }
        if (!id.equals(url)) {
            return invalid(url, "its client_id " + Wording.display(id) + " differs from the URL it was fetched from; "
                    + "the two must be identical strings", document, at);
        }
        if (redirectUris == null) {
            return invalid(url, "it has no redirect_uris", document, at);
        }
        if (!(redirectUris instanceof List<?> list) || list.isEmpty()
                || !list.stream().allMatch(String.class::isInstance)) {
            return invalid(url, "its redirect_uris is not a non-empty array of strings", document, at);
        }
        if (members.containsKey("client_secret") || members.containsKey("client_secret_expires_at")) {
            return invalid(url, "it holds a client_secret, which a public document must not", document, at);
        }
        Object authMethod = members.get("token_endpoint_auth_method");
        if (authMethod instanceof String method && SECRET_AUTH_METHODS.contains(method)) {
            return invalid(url, "its token_endpoint_auth_method " + Wording.display(method)
                    + " needs a shared secret, which a metadata document cannot carry", document, at);
        }
        return new ClientMetadataVerdict(url, Status.VALID, null, document, at);
    }

    private static ClientMetadataVerdict invalid(String url, String why, ClientMetadata document, Instant at) {
        return new ClientMetadataVerdict(url, Status.INVALID, why, document, at);
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }

    /** The strings of a JSON array, the rest left out; for display, judged separately. */
    private static List<String> strings(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (item instanceof String s) {
                out.add(s);
            }
        }
        return out;
    }
}
