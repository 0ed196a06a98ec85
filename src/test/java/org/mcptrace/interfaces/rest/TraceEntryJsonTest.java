package org.mcptrace.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mcptrace.domain.resolution.AuthorizationRequest;
import org.mcptrace.domain.resolution.ConfigurationSnapshot;
import org.mcptrace.domain.resolution.Resolver;
import org.mcptrace.domain.trace.AuthorizationReport;
import org.mcptrace.domain.trace.TraceEntry;

/**
 * The entry's text reads back as what was reported, whatever the strings hold and however long the text gets (the
 * writer starts at 2,048 characters and must grow), and the cache hands out the text it made for an entry.
 */
class TraceEntryJsonTest {

    static Stream<Arguments> reported() {
        return Stream.of(
                Arguments.of("plain ASCII", "https://claude.ai/api/mcp/auth_callback", "claude"),
                Arguments.of("quotes, backslash, control characters", "https://a.example/cb?q=\"x\"\\y\u0001\n\t", "a\"b\\c"),
                Arguments.of("beyond Latin-1", "https://例え.jp/cb?name=Zoë&emoji=\uD83D\uDE00", "клиент"),
                Arguments.of("longer than the first buffer", "https://long.example/cb?" + "x".repeat(8000), "y".repeat(3000)),
                Arguments.of("long and beyond Latin-1", "https://long.example/cb?" + "ü€".repeat(4000), "\u2028\u2029"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reported")
    void readsBackAsReported(String name, String redirectUri, String clientId) {
        AuthorizationReport report = new AuthorizationReport(Instant.parse("2026-11-30T17:00:00.123Z"), "gw", "req-1",
                "192.0.2.1", AuthorizationRequest.of(redirectUri, "https://mcp.example.com/mcp", clientId));
        TraceEntry entry = new TraceEntry("x-7", 7, report, Resolver.resolve(report.request(), ConfigurationSnapshot.empty()),
                null);

        String text = TraceEntryJson.of(entry);
        JsonObject json = Json.createReader(new StringReader(text)).readObject();

        assertEquals(redirectUri, json.getString("redirectUri"));
        assertEquals(clientId, json.getString("clientId"));
        assertEquals("x-7", json.getString("id"));
        assertEquals(7, json.getInt("sequence"));
        assertEquals("2026-11-30T17:00:00.123Z", json.getString("receivedAt"));
        assertEquals(entry.getFindings().size(), json.getJsonArray("findings").size());
        assertEquals(entry.getFindings().get(0).message(),
                json.getJsonArray("findings").getJsonObject(0).getString("message"));
        // the ingestion answer and every stream client get the same text, made once
        EntryJsonCache cache = new EntryJsonCache();
        String cached = cache.json(entry);
        assertEquals(text, cached);
        assertSame(cached, cache.json(entry));
    }
}
