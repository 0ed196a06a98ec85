package org.mcptrace.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mcptrace.testing.Api;
import org.mcptrace.testing.Deployments;

/** Ingestion, the buffer and the stream, through HTTP on a real Liberty. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TracingApiIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @ArquillianResource
    URL base;

    Api api;

    @BeforeEach
    void connect() {
        api = new Api(base);
    }

    static String report(String clientIp, String redirectUri, String resource) {
        return "{\"clientIp\":\"" + clientIp + "\",\"redirectUri\":\"" + redirectUri + "\",\"resource\":\"" + resource + "\"}";
    }

    @Test
    void answersTheEntryWithItsLocation() {
        Api.Response created = api.post("api/v1/authorization-requests",
                "{\"clientIp\":\"10.0.0.7\",\"redirectUri\":\"http://localhost:52163/callback\",\"resource\":\"https://mcp.example.com/mcp\","
                        + "\"requestId\":\"gw-42\",\"clientId\":\"claude-code\",\"receivedAt\":\"2026-11-27T10:00:00.123Z\"}");
        assertEquals(201, created.status(), created.toString());
        JsonObject entry = created.json();
        // absolute, on the address the gateway called (the header is written as text, not through Response.created)
        String root = base.toExternalForm().endsWith("/") ? base.toExternalForm() : base.toExternalForm() + "/";
        assertEquals(root + "api/v1/traces/" + entry.getString("id"), created.header("Location"));
        assertEquals("2026-11-27T10:00:00.123Z", entry.getString("receivedAt"));
        assertEquals("gw-42", entry.getString("requestId"));
        assertEquals("claude-code", entry.getString("clientId"));
        assertEquals("10.0.0.7", entry.getString("clientIp"));
        assertEquals("ERROR", entry.getString("severity"));
        assertEquals("DENIED", entry.getString("decision"));
        assertTrue(entry.isNull("clientWorkload") && entry.isNull("serverWorkload") && entry.isNull("accessPolicy"));
        assertTrue(entry.getJsonNumber("sequence").longValue() > 0);
        assertTrue(entry.containsKey("configRevision") && entry.containsKey("gatewayId"));

        Api.Response again = api.get(created.header("Location").substring(created.header("Location").indexOf("api/")));
        assertEquals(200, again.status());
        assertEquals(entry.getString("id"), again.json().getString("id"));
    }

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "-|https://mcp.example.com/mcp|REDIRECT_URI_MISSING",
            "http://evil.example.com/cb|https://mcp.example.com/mcp|REDIRECT_URI_INVALID",
            "javascript:alert(1)|https://mcp.example.com/mcp|REDIRECT_URI_INVALID",
            "https://claude.ai/cb#frag|https://mcp.example.com/mcp|REDIRECT_URI_INVALID",
            "https://claude.ai/api/mcp/auth_callback|-|RESOURCE_MISSING",
            "https://claude.ai/api/mcp/auth_callback|https://mcp.example.com/mcp#x|RESOURCE_INVALID",
            "https://claude.ai/api/mcp/auth_callback|not a uri|RESOURCE_INVALID"})
    void tracesMalformedRequestsAsErrors(String redirectUri, String resource, String code) {
        StringBuilder json = new StringBuilder("{\"clientIp\":\"192.0.2.1\"");
        if (redirectUri != null) {
            json.append(",\"redirectUri\":\"").append(redirectUri).append('"');
        }
        if (resource != null) {
            json.append(",\"resource\":\"").append(resource).append('"');
        }
        Api.Response created = api.post("api/v1/authorization-requests", json.append('}').toString());
        assertEquals(201, created.status(), created.toString());
        assertEquals("ERROR", created.json().getString("severity"));
        assertTrue(codes(created.json()).contains(code), created.body());
    }

    @Test
    void readsTheRawAuthorizationQuery() {
        Api.Response created = api.post("api/v1/authorization-requests", "{\"clientIp\":\"::1\",\"authorizationQuery\":"
                + "\"response_type=code&client_id=vscode&redirect_uri=http%3A%2F%2F127.0.0.1%3A33418%2F&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2F"
                + "&resource=https%3A%2F%2Fmcp.example.com%2Fmcp&code_challenge=x&code_challenge_method=S256\"}");
        assertEquals(201, created.status(), created.toString());
        assertEquals("http://127.0.0.1:33418/", created.json().getString("redirectUri"));
        assertEquals("https://mcp.example.com/mcp", created.json().getString("resource"));
        assertEquals("vscode", created.json().getString("clientId"));
        assertTrue(codes(created.json()).contains("REDIRECT_URI_INVALID"), "a repeated redirect_uri is invalid: " + created.body());
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "{|400|body",
            "{\"clientIp\":\"999.1.1.1\"}|400|clientIp",
            "{\"redirectUri\":\"https://claude.ai/cb\"}|400|clientIp",
            "{\"clientIp\":\"::1\",\"resource\":7}|400|resource",
            "{\"clientIp\":\"::1\",\"redirect_uri\":\"x\"}|400|redirect_uri",
            "{\"clientIp\":\"::1\",\"authorizationQuery\":\"a=b\",\"redirectUri\":\"x\"}|400|authorizationQuery"})
    void refusesStructurallyBadReportsWithAProblem(String body, int status, String field) {
        Api.Response refused = api.post("api/v1/authorization-requests", body);
        assertEquals(status, refused.status(), refused.toString());
        assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
        assertEquals(field, refused.json().getString("field"));
        assertEquals(status, refused.json().getInt("status"));
    }

    @Test
    void refusesOtherContentTypes() {
        Api.Response refused = api.send(HttpRequest.newBuilder(api.uri("api/v1/authorization-requests"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{\"clientIp\":\"::1\"}")));
        assertEquals(415, refused.status());
        assertTrue(refused.contentType().startsWith("application/problem+json"));
    }

    @Test
    void answersABatchInOrderAndRefusesItWhole() {
        List<String> reports = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            reports.add("{\"clientIp\":\"10.9.0." + i + "\",\"requestId\":\"b-" + i + "\",\"redirectUri\":\"https://claude.ai/api/mcp/auth_callback\"}");
        }
        Api.Response answered = api.post("api/v1/authorization-requests/batch", "[" + String.join(",", reports) + "]");
        assertEquals(200, answered.status(), answered.toString());
        JsonArray entries = answered.array();
        assertEquals(50, entries.size());
        for (int i = 0; i < 50; i++) {
            assertEquals("b-" + i, entries.getJsonObject(i).getString("requestId"));
            if (i > 0) {
                assertTrue(entries.getJsonObject(i).getJsonNumber("sequence").longValue()
                        > entries.getJsonObject(i - 1).getJsonNumber("sequence").longValue());
            }
        }

        long before = newestSequence();
        Api.Response refused = api.post("api/v1/authorization-requests/batch",
                "[{\"clientIp\":\"::1\",\"requestId\":\"never\"},{\"clientIp\":\"bad\"}]");
        assertEquals(400, refused.status());
        assertEquals("[1].clientIp", refused.json().getString("field"));
        assertEquals(before, newestSequence(), "nothing of a refused batch is traced");

        String tooMany = "[" + String.join(",", Collections.nCopies(1001, "{\"clientIp\":\"::1\"}")) + "]";
        assertEquals(413, api.post("api/v1/authorization-requests/batch", tooMany).status());
    }

    @Test
    void listsNewestFirstWithFilters() {
        String marker = "filter-" + System.nanoTime();
        api.post("api/v1/authorization-requests", report("10.1.1.1", "https://claude.ai/api/mcp/auth_callback", "https://" + marker + ".example/mcp"));
        api.post("api/v1/authorization-requests", report("10.1.1.2", "http://evil.example/cb", "https://" + marker + ".example/mcp"));
        JsonArray both = api.get("api/v1/traces?q=" + marker).array();
        assertEquals(2, both.size());
        assertEquals("10.1.1.2", both.getJsonObject(0).getString("clientIp"), "newest first");
        assertEquals(1, api.get("api/v1/traces?q=" + marker + "&limit=1").array().size());
        assertEquals(2, api.get("api/v1/traces?q=" + marker + "&severity=ERROR").array().size());
        assertEquals(0, api.get("api/v1/traces?q=" + marker + "&severity=info,warning").array().size());
        assertEquals(400, api.get("api/v1/traces?severity=fatal").status());
        assertEquals(400, api.get("api/v1/traces?limit=0").status());
        assertEquals(404, api.get("api/v1/traces/nope-1").status());
    }

    @Test
    void streamsNewEntriesAndResumes() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String marker = "stream-" + System.nanoTime();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        // the answer's head and opening comment come at once, with nothing new to send: before, they waited for the
        // first entry or the 15 s keep-alive, and a client on a quiet server saw no answer at all
        HttpResponse<java.io.InputStream> response = http.send(HttpRequest.newBuilder(api.uri("api/v1/traces/stream?q=" + marker))
                .timeout(java.time.Duration.ofSeconds(5)).header("Accept", "text/event-stream")
                .header("Authorization", api.authorization()).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        CompletableFuture<Void> opened = new CompletableFuture<>();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                    opened.complete(null);
                }
            } catch (Exception e) {
                // the test closes the stream
            }
        });
        // the stream's opening comment comes once the server has fixed where this client starts reading
        opened.get(5, TimeUnit.SECONDS);
        long first = api.post("api/v1/authorization-requests", report("10.2.0.1", "https://claude.ai/api/mcp/auth_callback",
                "https://" + marker + ".example/mcp")).json().getJsonNumber("sequence").longValue();
        api.post("api/v1/authorization-requests", report("10.2.0.2", "https://claude.ai/api/mcp/auth_callback", "https://other.example/mcp"));
        long third = api.post("api/v1/authorization-requests", report("10.2.0.3", "https://claude.ai/api/mcp/auth_callback",
                "https://" + marker + ".example/mcp")).json().getJsonNumber("sequence").longValue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline && lines.stream().filter(l -> l.startsWith("id:")).count() < 2) {
            Thread.sleep(20);
        }
        response.body().close();
        reading.cancel(true);
        List<String> ids = lines.stream().filter(l -> l.startsWith("id:")).map(l -> sequenceOf(l.substring(3))).toList();
        assertEquals(List.of(Long.toString(first), Long.toString(third)), ids, "only matching entries, in order: " + lines);
        assertTrue(lines.contains("event: trace"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("data:") && l.contains("10.2.0.3")), lines.toString());

        // resuming from the first id replays what came after it from the buffer, without waiting for new traffic
        List<String> resumed = readStream(http, "api/v1/traces/stream?q=" + marker, Long.toString(first), 1);
        assertEquals(List.of(Long.toString(third)), resumed.stream().map(TracingApiIT::sequenceOf).toList());
    }

    @Test
    void streamsEntriesArrivingTogetherInOrderWithTheirIds() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String marker = "together-" + System.nanoTime();
        // more than the stream reads from the buffer at once, so the entries cross a batch boundary
        int count = 300;
        HttpResponse<java.io.InputStream> response = http.send(HttpRequest.newBuilder(api.uri("api/v1/traces/stream?q=" + marker))
                .header("Accept", "text/event-stream").header("Authorization", api.authorization()).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        List<String[]> events = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> opened = new CompletableFuture<>();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> readEvents(response, events, count, opened));
        opened.get(10, TimeUnit.SECONDS);
        List<String> reports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            reports.add("{\"clientIp\":\"10.4.0." + (i % 250) + "\",\"requestId\":\"t-" + i
                    + "\",\"redirectUri\":\"https://claude.ai/api/mcp/auth_callback\",\"resource\":\"https://" + marker
                    + ".example/mcp\"}");
        }
        JsonArray answered = api.post("api/v1/authorization-requests/batch", "[" + String.join(",", reports) + "]").array();
        reading.get(10, TimeUnit.SECONDS);
        response.body().close();

        assertEquals(count, events.size(), "every entry arrives");
        for (int i = 0; i < count; i++) {
            JsonObject entry = answered.getJsonObject(i);
            String[] event = events.get(i);
            assertEquals("trace", event[0]);
            assertEquals(Long.toString(entry.getJsonNumber("sequence").longValue()), sequenceOf(event[1]),
                    "in order, the id begins with the sequence");
            assertEquals(entry, jakarta.json.Json.createReader(new java.io.StringReader(event[2])).readObject(),
                    "the event carries the entry as the answer does");
        }
    }

    @Test
    void streamsLineSeparatorsAndUnicodeIntactAndResumesFromTheIdItSent() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String marker = "unicode-" + System.nanoTime();
        HttpResponse<java.io.InputStream> response = http.send(HttpRequest.newBuilder(api.uri("api/v1/traces/stream?q=" + marker))
                .header("Accept", "text/event-stream").header("Authorization", api.authorization()).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        List<String[]> events = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> opened = new CompletableFuture<>();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> readEvents(response, events, 3, opened));
        opened.get(10, TimeUnit.SECONDS);
        // line breaks of every kind that JSON, JavaScript or Unicode know; only CR and LF end a line of the stream
        String[] requestIds = {"cr\rlf\ncrlf\r\n end", "ls\u2028ps\u2029nel\u0085 end", "é 日本 😀 \u0007 ✓"};
        List<JsonObject> answered = new ArrayList<>();
        for (String requestId : requestIds) {
            answered.add(api.post("api/v1/authorization-requests", jakarta.json.Json.createObjectBuilder()
                    .add("clientIp", "10.7.0.1").add("requestId", requestId)
                    .add("resource", "https://" + marker + ".example/mcp").build().toString()).json());
        }
        reading.get(10, TimeUnit.SECONDS);
        response.body().close();

        assertEquals(3, events.size(), "one event each");
        for (int i = 0; i < 3; i++) {
            JsonObject streamed = jakarta.json.Json.createReader(new java.io.StringReader(events.get(i)[2])).readObject();
            assertEquals(answered.get(i), streamed, "the event carries the entry as the answer does");
            assertEquals(requestIds[i], streamed.getString("requestId"));
        }

        // the full id the stream sent (sequence, node, newest entry id) resumes exactly after that event
        String secondId = events.get(1)[1];
        List<String> resumed = readStream(http, "api/v1/traces/stream?q=" + marker, secondId, 1);
        assertEquals(List.of(events.get(2)[1]), resumed);
    }

    @Test
    void tellsAClientBehindTheBufferHowManyEntriesItMissed() throws Exception {
        long before = newestSequence();
        String item = "{\"clientIp\":\"10.5.0.1\",\"redirectUri\":\"https://claude.ai/api/mcp/auth_callback\"}";
        String batch = "[" + String.join(",", Collections.nCopies(1000, item)) + "]";
        for (int i = 0; i < 11; i++) {
            assertEquals(200, api.post("api/v1/authorization-requests/batch", batch).status());
        }
        long newest = newestSequence();
        long oldest = newest - 10_000 + 1;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<java.io.InputStream> response = http.send(HttpRequest.newBuilder(api.uri("api/v1/traces/stream"))
                .header("Accept", "text/event-stream").header("Last-Event-ID", Long.toString(before))
                .header("Authorization", api.authorization()).build(), HttpResponse.BodyHandlers.ofInputStream());
        List<String[]> events = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture.runAsync(() -> readEvents(response, events, 2, new CompletableFuture<>())).get(10, TimeUnit.SECONDS);
        response.body().close();

        assertEquals("skipped", events.get(0)[0], "first the gap");
        assertEquals(Long.toString(oldest - 1), sequenceOf(events.get(0)[1]));
        assertEquals("{\"skipped\":" + (oldest - before - 1) + "}", events.get(0)[2]);
        assertEquals("trace", events.get(1)[0]);
        assertEquals(Long.toString(oldest), sequenceOf(events.get(1)[1]), "then the oldest entry still held");
    }

    /** The event id's first part, this node's sequence ({@code <sequence>@<node> <entry id> …}). */
    static String sequenceOf(String eventId) {
        return eventId.strip().replaceFirst("[@ ].*", "");
    }

    /**
     * Reads events (name, id, data) until {@code wanted} have arrived or the stream ends; {@code opened} completes with
     * the first line, the stream's opening comment.
     */
    private static void readEvents(HttpResponse<java.io.InputStream> response, List<String[]> events, int wanted,
            CompletableFuture<Void> opened) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = null;
            String id = null;
            String data = null;
            String line;
            while (events.size() < wanted && (line = reader.readLine()) != null) {
                opened.complete(null);
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data = line.substring(5).strip();
                } else if (line.isEmpty() && name != null) {
                    events.add(new String[] {name, id, data});
                    name = null;
                    id = null;
                    data = null;
                }
            }
        } catch (Exception e) {
            // closed by the test
        }
    }

    private List<String> readStream(HttpClient http, String path, String lastEventId, int wanted) throws Exception {
        HttpResponse<java.io.InputStream> response = http.send(HttpRequest.newBuilder(api.uri(path))
                .header("Accept", "text/event-stream").header("Last-Event-ID", lastEventId).header("Authorization", api.authorization()).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        List<String> ids = new ArrayList<>();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while (ids.size() < wanted && (line = reader.readLine()) != null) {
                    if (line.startsWith("id:")) {
                        ids.add(line.substring(3).strip());
                    }
                }
            } catch (Exception e) {
                // closed
            }
        });
        reading.get(5, TimeUnit.SECONDS);
        response.body().close();
        return ids;
    }

    @Test
    void keepsTheBufferBounded() {
        String item = "{\"clientIp\":\"10.3.0.1\",\"redirectUri\":\"https://claude.ai/api/mcp/auth_callback\",\"resource\":\"https://mcp.example.com/mcp\"}";
        String batch = "[" + String.join(",", Collections.nCopies(1000, item)) + "]";
        for (int i = 0; i < 11; i++) {
            assertEquals(200, api.post("api/v1/authorization-requests/batch", batch).status());
        }
        JsonArray all = api.get("api/v1/traces?limit=10000").array();
        assertEquals(10_000, all.size(), "the default capacity holds");
        long newest = all.getJsonObject(0).getJsonNumber("sequence").longValue();
        assertEquals(newest - 9_999, all.getJsonObject(9_999).getJsonNumber("sequence").longValue());
        assertEquals(400, api.get("api/v1/traces?limit=10001").status());
        assertEquals(404, api.get("api/v1/traces/" + idWithSequence(all.getJsonObject(0).getString("id"), newest - 10_000)).status(),
                "the entry that fell off is gone");
    }

    private static String idWithSequence(String id, long sequence) {
        return id.substring(0, id.lastIndexOf('-') + 1) + sequence;
    }

    private long newestSequence() {
        JsonArray newest = api.get("api/v1/traces?limit=1").array();
        return newest.isEmpty() ? 0 : newest.getJsonObject(0).getJsonNumber("sequence").longValue();
    }

    static List<String> codes(JsonObject entry) {
        List<String> codes = new ArrayList<>();
        entry.getJsonArray("findings").forEach(f -> codes.add(f.asJsonObject().getString("code")));
        return codes;
    }
}
