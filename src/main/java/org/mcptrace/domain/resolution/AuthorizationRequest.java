package org.mcptrace.domain.resolution;

import java.io.Serializable;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of an authorization request that resolution looks at, already decoded. They are lists because a
 * parameter may be repeated, and a repetition is itself a finding.
 */
public record AuthorizationRequest(List<String> redirectUris, List<String> resources, String clientId) implements Serializable {

    public AuthorizationRequest {
        redirectUris = Copies.withoutNulls(redirectUris);
        resources = Copies.withoutNulls(resources);
    }

    public static AuthorizationRequest of(String redirectUri, String resource, String clientId) {
        return new AuthorizationRequest(redirectUri == null ? List.of() : List.of(redirectUri),
                resource == null ? List.of() : List.of(resource), clientId);
    }

    /**
     * Parses an authorization query string ({@code response_type=code&client_id=…&redirect_uri=…&resource=…}). Each
     * value is decoded exactly once as application/x-www-form-urlencoded. A value with a malformed escape is kept
     * raw rather than guessed at, so that the URI checks judge what was actually sent; this never throws.
     */
    public static AuthorizationRequest fromQuery(String rawQuery) {
        if (rawQuery == null) {
            return of(null, null, null);
        }
        String query = rawQuery.startsWith("?") ? rawQuery.substring(1) : rawQuery;
        List<String> redirectUris = new ArrayList<>(1);
        List<String> resources = new ArrayList<>(1);
        String clientId = null;
        int start = 0;
        int n = query.length();
        while (start < n) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = n;
            }
            if (end > start) {
                int equals = query.indexOf('=', start);
                boolean hasValue = equals >= 0 && equals < end;
                String name = decode(query.substring(start, hasValue ? equals : end));
                String value = hasValue ? decode(query.substring(equals + 1, end)) : "";
                switch (name) {
                    case "redirect_uri" -> redirectUris.add(value);
                    case "resource" -> resources.add(value);
                    case "client_id" -> clientId = clientId == null ? value : clientId;
                    default -> {
                        // other parameters (response_type, state, PKCE, scope) do not take part in resolution
                    }
                }
            }
            start = end + 1;
        }
        return new AuthorizationRequest(redirectUris, resources, clientId);
    }

    /**
     * Whether a query names any of {@code response_type}, {@code redirect_uri} or {@code client_id}: what makes a
     * request seen by a proxy an authorization request (an authorization server's own follow-up pages and assets carry
     * none of them). Names are compared after decoding, as {@link #fromQuery} reads them; values are not looked at.
     */
    public static boolean isAuthorizationQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return false;
        }
        int start = rawQuery.startsWith("?") ? 1 : 0;
        int n = rawQuery.length();
        while (start < n) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = n;
            }
            int equals = rawQuery.indexOf('=', start);
            String name = decode(rawQuery.substring(start, equals >= 0 && equals < end ? equals : end));
            if (name.equals("response_type") || name.equals("redirect_uri") || name.equals("client_id")) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** The first redirect URI, or null; for display. */
    public String redirectUri() {
        return redirectUris.isEmpty() ? null : redirectUris.get(0);
    }

    /** The first resource, or null; for display. */
    public String resource() {
        return resources.isEmpty() ? null : resources.get(0);
    }

    static String decode(String raw) {
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return raw;
        }
        int n = raw.length();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(n);
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= n || !UriParts.isHex(raw.charAt(i + 1)) || !UriParts.isHex(raw.charAt(i + 2))) {
                    return raw;
                }
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // a raw non-ASCII character is invalid in a query, but keep it rather than lose it
                int end = Character.isHighSurrogate(c) && i + 1 < n ? i + 2 : i + 1;
                byte[] encoded = raw.substring(i, end).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i = end - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            // escapes that are not UTF-8 count as malformed, and the value stays as it was sent
            return raw;
        }
    }
}
