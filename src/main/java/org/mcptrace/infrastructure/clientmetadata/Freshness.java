package org.mcptrace.infrastructure.clientmetadata;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * How long a fetched document's verdict holds, from the response's caching headers (RFC 9111) within fixed bounds:
 * at least five minutes, so that a document that forbids caching cannot make mcptrace fetch it on every request, and
 * at most a day, so that a changed document is seen within one.
 */
final class Freshness {

    static final Duration MIN = Duration.ofMinutes(5);
    static final Duration MAX = Duration.ofHours(24);

    private Freshness() {
    }

    /**
     * {@code Cache-Control: max-age} wins over {@code Expires} (taken relative to {@code Date}, or to now without
     * one); {@code no-store} and {@code no-cache} mean the least; nothing usable means the least too.
     */
    static Duration of(String cacheControl, String expires, String date) {
        if (cacheControl != null) {
            Duration maxAge = null;
            for (String directive : cacheControl.toLowerCase(Locale.ROOT).split(",")) {
                String d = directive.strip();
                if (d.equals("no-store") || d.equals("no-cache")) {
                    return MIN;
                }
                if (d.startsWith("max-age=")) {
                    maxAge = seconds(d.substring("max-age=".length()));
                }
            }
            if (maxAge != null) {
                return bounded(maxAge);
            }
        }
        ZonedDateTime until = httpDate(expires);
        if (until != null) {
            ZonedDateTime from = httpDate(date);
            return bounded(Duration.between(from != null ? from : ZonedDateTime.now(until.getZone()), until));
        }
        return MIN;
    }

    private static Duration bounded(Duration d) {
        return d.compareTo(MIN) < 0 ? MIN : d.compareTo(MAX) > 0 ? MAX : d;
    }

    private static Duration seconds(String value) {
        String v = value.startsWith("\"") && value.endsWith("\"") && value.length() > 1
                ? value.substring(1, value.length() - 1) : value;
        if (v.isEmpty() || v.length() > 12 || !v.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Duration.ofSeconds(Long.parseLong(v));
    }

    private static ZonedDateTime httpDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
        } catch (DateTimeParseException e) {
            // an invalid Expires means already expired (RFC 9111 section 5.3): the least
            return null;
        }
    }
}
