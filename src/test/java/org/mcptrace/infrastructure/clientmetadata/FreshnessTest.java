package org.mcptrace.infrastructure.clientmetadata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FreshnessTest {

    /** Cache-Control, Expires, Date, seconds the verdict holds. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', nullValues = "-", value = {
        "-; -; -; 300",
        "max-age=3600; -; -; 3600",
        "public, max-age=7200; -; -; 7200",
        "max-age=\"600\"; -; -; 600",
        "max-age=10; -; -; 300",
        "max-age=0; -; -; 300",
        "max-age=31536000; -; -; 86400",
        "no-store; -; -; 300",
        "no-cache, max-age=3600; -; -; 300",
        "max-age=abc; -; -; 300",
        "max-age=99999999999999999999; -; -; 300",
        "-; Mon, 30 Nov 2026 12:00:00 GMT; Mon, 30 Nov 2026 10:00:00 GMT; 7200",
        "-; Mon, 30 Nov 2026 10:01:00 GMT; Mon, 30 Nov 2026 10:00:00 GMT; 300",
        "-; Wed, 30 Dec 2026 10:00:00 GMT; Mon, 30 Nov 2026 10:00:00 GMT; 86400",
        "-; 0; Mon, 30 Nov 2026 10:00:00 GMT; 300",
        "max-age=900; Wed, 30 Dec 2026 10:00:00 GMT; Mon, 30 Nov 2026 10:00:00 GMT; 900",
    })
    void cachingHeadersWithinFiveMinutesAndADay(String cacheControl, String expires, String date, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), Freshness.of(cacheControl, expires, date));
    }
}
