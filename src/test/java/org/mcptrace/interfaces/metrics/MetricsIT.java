package org.mcptrace.interfaces.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mcptrace.testing.Api;
import org.mcptrace.testing.Deployments;

/**
 * /metrics in Prometheus format names what operators and the benchmarks read, and counts what was ingested. Other
 * tests share the server, so counts are compared as differences around this test's own requests. Functional only:
 * nothing here is timed.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MetricsIT {

    private static final List<String> NAMES = List.of("mcptrace_ingested_requests_total",
            "mcptrace_resolution_time_seconds_count", "mcptrace_resolution_time_seconds_sum",
            "mcptrace_rejected_reports_total", "mcptrace_push_lag_milliseconds", "mcptrace_pushes",
            "mcptrace_buffer_entries", "mcptrace_buffer_capacity", "mcptrace_buffer_fill_ratio",
            "mcptrace_viewers_connected", "mcptrace_stream_clients_connected", "mcptrace_stream_clients_dropped",
            "mcptrace_stream_entries_skipped");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    // HTTP/1.1: the JDK client's h2c upgrade attempt on plain HTTP stalls against Liberty
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ArquillianResource
    URL base;

    /** /metrics belongs to the server, not to the application's context root; Prometheus asks for text. */
    private Map<String, Double> scrape() throws Exception {
        URI metrics = new URL(base.getProtocol(), base.getHost(), base.getPort(), "/metrics").toURI();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(metrics).header("Accept", "text/plain")
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), "metrics must be readable without a login: " + response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        Map<String, Double> series = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (!line.startsWith("mcptrace_")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return series;
    }

    /** Sum of the series named {@code name} whose labels include every one of {@code labels}. */
    private static double sum(Map<String, Double> series, String name, String... labels) {
        double total = 0;
        for (Map.Entry<String, Double> e : series.entrySet()) {
            String key = e.getKey();
            int brace = key.indexOf('{');
            if (!(brace < 0 ? key : key.substring(0, brace)).equals(name)) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= key.contains(label);
            }
            total += all ? e.getValue() : 0;
        }
        return total;
    }

    private static boolean present(Map<String, Double> series, String name) {
        return series.keySet().stream().anyMatch(k -> k.equals(name) || k.startsWith(name + "{"));
    }

    @Test
    void countsIngestedRequestsBySeverityAndDecisionAndRefusedReports() throws Exception {
        Api api = new Api(base);
        Map<String, Double> before = scrape();
        // nothing registers these URIs, so each entry is an Error and Denied
        String report = "{\"clientIp\":\"198.51.100.4\",\"redirectUri\":\"https://metrics-it.example.net/cb\","
                + "\"resource\":\"https://metrics-it.example.net/mcp\"}";
        assertEquals(201, api.post("/api/v1/authorization-requests", report).status());
        assertEquals(201, api.post("/api/v1/authorization-requests", report).status());
        assertEquals(200, api.post("/api/v1/authorization-requests/batch", "[" + report + "," + report + ","
                + report + "]").status());
        assertEquals(400, api.post("/api/v1/authorization-requests", "{\"clientIp\":\"not an address\"}").status());
        assertEquals(200, api.post("/api/v1/authorization-requests/evaluate", report).status());

        Map<String, Double> after = scrape();
        for (String name : NAMES) {
            assertTrue(present(after, name), name + " missing from /metrics");
        }
        assertEquals(5, sum(after, "mcptrace_ingested_requests_total", "severity=\"ERROR\"", "decision=\"DENIED\"")
                - sum(before, "mcptrace_ingested_requests_total", "severity=\"ERROR\"", "decision=\"DENIED\""),
                "five traced; the dry run is not an ingested request");
        assertEquals(5, sum(after, "mcptrace_ingested_requests_total") - sum(before, "mcptrace_ingested_requests_total"));
        assertEquals(6, sum(after, "mcptrace_resolution_time_seconds_count")
                - sum(before, "mcptrace_resolution_time_seconds_count"), "five traced and one dry run resolved");
        assertEquals(1, sum(after, "mcptrace_rejected_reports_total", "status=\"400\"")
                - sum(before, "mcptrace_rejected_reports_total", "status=\"400\""));
        assertTrue(sum(after, "mcptrace_buffer_entries") >= 5);
        assertTrue(sum(after, "mcptrace_buffer_fill_ratio") > 0 && sum(after, "mcptrace_buffer_fill_ratio") <= 1);
        assertTrue(sum(after, "mcptrace_resolution_time_seconds_sum") > 0);
    }

    @Test
    void countsConnectedStreamClients() throws Exception {
        double before = sum(scrape(), "mcptrace_stream_clients_connected");
        Api api = new Api(base);
        CompletableFuture<HttpResponse<Stream<String>>> stream = HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create(api.uri("/api/v1/traces/stream").toString()))
                        .header("Accept", "text/event-stream").header("Authorization", api.authorization()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofLines());
        try {
            HttpResponse<Stream<String>> response = stream.get();
            assertEquals(200, response.statusCode());
            double connected = before;
            for (int i = 0; i < 100 && connected < before + 1; i++) {
                Thread.sleep(100);
                connected = sum(scrape(), "mcptrace_stream_clients_connected");
            }
            assertEquals(before + 1, connected);
            response.body().close();
        } finally {
            stream.cancel(true);
        }
    }

    @Test
    void dropsAStreamClientThatStopsReading() throws Exception {
        double dropped = sum(scrape(), "mcptrace_stream_clients_dropped");
        Api api = new Api(base);
        try (java.net.Socket socket = new java.net.Socket()) {
            // a client that reads the response head and then nothing more, with as little buffer as the OS allows
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()));
            String path = api.uri("api/v1/traces/stream").getRawPath();
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nAccept: text/event-stream\r\nAuthorization: " + api.authorization() + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] head = new byte[64];
            int n = socket.getInputStream().read(head);
            assertTrue(n > 0 && new String(head, 0, n, java.nio.charset.StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
            // more than the socket buffers on both sides hold, so the server's writes block
            String item = "{\"clientIp\":\"10.6.0.1\",\"redirectUri\":\"https://claude.ai/api/mcp/auth_callback\"}";
            String batch = "[" + String.join(",", java.util.Collections.nCopies(1000, item)) + "]";
            double now = dropped;
            for (int i = 0; i < 600 && now == dropped; i++) {
                if (i < 8) {
                    assertEquals(200, api.post("api/v1/authorization-requests/batch", batch).status());
                }
                Thread.sleep(100);
                now = sum(scrape(), "mcptrace_stream_clients_dropped");
            }
            assertEquals(dropped + 1, now, "the stalled client is counted once");
        }
    }
}
