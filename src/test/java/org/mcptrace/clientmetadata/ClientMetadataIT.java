package org.mcptrace.clientmetadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mcptrace.testing.Api;
import org.mcptrace.testing.Browser;
import org.mcptrace.testing.Deployments;
import org.mcptrace.testing.MetadataServer;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The client metadata check end to end: a real https server started here, with a certificate trusted only by the
 * server under test (src/test/liberty/server.env points MCPTRACE_CLIENT_METADATA_TRUSTSTORE at the PEM this test
 * writes), serving good, wrong and slow documents; reports go in through the ingestion API and the verdicts are read
 * from the entries on /api/v1/traces, as a gateway author or an operator's script would.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientMetadataIT {

    static MetadataServer vendor;
    static String run;
    /** What this run's documents list, and what a CLI sends: the same but for a port. */
    static String loopback;
    static String withPort;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @ArquillianResource
    URL base;

    Api api;

    @BeforeAll
    static void startVendor() throws Exception {
        Path serverDir = Path.of(System.getProperty("it.server.dir"));
        vendor = MetadataServer.start(Path.of("target", "client-metadata-it"), serverDir.resolve("client-metadata-ca.pem"));
        run = Long.toString(System.nanoTime(), 36);
        loopback = "http://127.0.0.1/" + run + "/callback";
        withPort = "http://127.0.0.1:52163/" + run + "/callback";
    }

    @AfterAll
    static void stopVendor() {
        if (vendor != null) {
            vendor.close();
        }
    }

    @BeforeEach
    void connect() {
        api = new Api(base);
    }

    /** A document URL of this run, served by the test's vendor; its last segment says what it serves. */
    String url(String what) {
        return "https://localhost:" + vendor.port() + "/" + run + "/" + what;
    }

    @Test
    @Order(1)
    void aGoodDocumentIsFetchedOnceAndConfirmsOrContradictsTheRedirectUri() {
        String resource = "https://mcp." + run + ".example/mcp";
        long client = id(api.post("api/v1/client-workloads", Json.createObjectBuilder().add("name", "CLI " + run)
                .add("redirectUris", Json.createArrayBuilder().add(loopback)).build().toString()));
        long server = id(api.post("api/v1/server-workloads", Json.createObjectBuilder().add("name", "MCP " + run)
                .add("resourceUrl", resource).build().toString()));
        id(api.post("api/v1/access-policies", Json.createObjectBuilder().add("name", "CLI to MCP " + run)
                .add("clientWorkloadId", client).add("serverWorkloadId", server).build().toString()));
        String good = url("good");

        JsonObject first = report(good, withPort, resource);
        assertEquals(List.of("CLIENT_MATCHED", "CLIENT_METADATA_PENDING", "SERVER_MATCHED", "POLICY_ACTIVE"), codes(first),
                first.toString());
        assertEquals("INFO", first.getString("severity"), "not fetched yet is no reason to deny");

        JsonObject exact = afterFetch(good, loopback, resource);
        assertEquals(List.of("CLIENT_MATCHED", "CLIENT_METADATA_VERIFIED", "SERVER_MATCHED", "POLICY_ACTIVE"), codes(exact),
                exact.toString());
        assertEquals("INFO", exact.getString("severity"));
        assertTrue(message(exact, "CLIENT_METADATA_VERIFIED").contains("'Test CLI'"), exact.toString());

        // the real failure: the document lists the URI without a port, the CLI sends one
        JsonObject ported = read(report(good, withPort, resource));
        assertEquals("ERROR", ported.getString("severity"), ported.toString());
        assertEquals("DENIED", ported.getString("decision"));
        String notListed = message(ported, "CLIENT_METADATA_REDIRECT_URI_NOT_LISTED");
        assertTrue(notListed.contains("matches only by the loopback rule"), notListed);
        JsonObject nearMiss = finding(ported, "CLIENT_METADATA_REDIRECT_URI_NOT_LISTED").getJsonArray("nearMisses")
                .getJsonObject(0);
        assertEquals(loopback, nearMiss.getString("registered"));

        JsonObject otherPath = read(report(good, "http://127.0.0.1:52163/" + run + "/other", resource));
        assertTrue(message(otherPath, "CLIENT_METADATA_REDIRECT_URI_NOT_LISTED").contains("not even by the loopback rule"),
                otherPath.toString());

        assertEquals(1, vendor.hits("good"), "fetched once, then cached (max-age=600)");
    }

    /** Document, finding, severity, words of the message. */
    @Test
    @Order(2)
    void wrongDocumentsAreNamedAsSuch() {
        String[][] cases = {
            {"mismatch", "CLIENT_METADATA_INVALID", "ERROR", "differs from the URL it was fetched from"},
            {"noredirects", "CLIENT_METADATA_INVALID", "ERROR", "has no redirect_uris"},
            {"notjson", "CLIENT_METADATA_UNREACHABLE", "WARNING", "not JSON"},
            {"large", "CLIENT_METADATA_UNREACHABLE", "WARNING", "larger than 64 KiB"},
            {"chunked", "CLIENT_METADATA_UNREACHABLE", "WARNING", "larger than 64 KiB"},
            {"missing", "CLIENT_METADATA_UNREACHABLE", "WARNING", "HTTP 404"},
            {"redirect", "CLIENT_METADATA_UNREACHABLE", "WARNING", "redirects are not followed"},
        };
        for (String[] c : cases) {
            report(url(c[0]), loopback, null);
        }
        for (String[] c : cases) {
            JsonObject entry = afterFetch(url(c[0]), loopback, null);
            String message = message(entry, c[1]);
            assertTrue(message.contains(c[3]), c[0] + ": " + entry);
            assertEquals(c[2], finding(entry, c[1]).getString("severity"), c[0]);
        }
        assertEquals(0, vendor.hits("target-redirect"), "the redirect was not followed");
    }

    @Test
    @Order(3)
    void aSlowDocumentNeverDelaysIngestionAndTimesOut() throws Exception {
        String slow = url("slow");
        JsonObject first = report(slow, loopback, null);
        assertTrue(codes(first).contains("CLIENT_METADATA_PENDING"), first.toString());
        assertTrue(vendor.slowRequested.await(30, TimeUnit.SECONDS), "the fetch started");
        // the fetch now hangs on the vendor; a report for the same client is answered at once all the same
        long start = System.nanoTime();
        JsonObject during = report(slow, loopback, null);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 2_000, "answered in " + millis + " ms while the fetch waits for its 3 s deadline");
        assertTrue(codes(during).contains("CLIENT_METADATA_PENDING"), during.toString());
        JsonObject after = afterFetch(slow, loopback, null);
        assertTrue(message(after, "CLIENT_METADATA_UNREACHABLE").contains("no complete answer within 3 s"), after.toString());
    }

    @Test
    @Order(5)
    void aHostileDocumentIsShownAsTextInTheWhyPanel() {
        String hostile = url("hostile");
        String resource = "https://hostile." + run + ".example/mcp";
        report(hostile, loopback, resource);
        JsonObject entry = afterFetch(hostile, loopback, resource);
        assertTrue(message(entry, "CLIENT_METADATA_VERIFIED").contains("<img src=x onerror=window.__pwned=5>"),
                "data in the JSON, escaped by JSON: " + entry);

        ChromeDriver browser = Browser.start();
        try {
            Browser.signIn(browser, base, "operator", Api.OPERATOR_PASSWORD);
            browser.get(base.toExternalForm() + "?q=hostile." + run);
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> rows(browser).size() == 2);
            new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class).until(d -> {
                rows(browser).get(1).findElement(By.cssSelector(".ui-row-toggler")).click();
                return true;
            });
            // the older entry was made before the fetch; its panel shows the latest verdict all the same
            // read in one go: the panel may be drawn again by the push between finding it and reading it
            String text = new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
                    .until(d -> {
                        List<WebElement> panels = d.findElements(By.cssSelector(".mt-metadata"));
                        String shown = panels.isEmpty() ? "" : panels.get(0).getText();
                        return shown.contains("Valid") ? shown : null;
                    });
            assertTrue(text.contains("<img src=x onerror=window.__pwned=5>"), "client_name as typed: " + text);
            assertTrue(text.contains("javascript:window.__pwned=6"), "client_uri as text: " + text);
            assertTrue(text.contains("\"><script>window.__pwned=7</script>"), "redirect_uris as typed: " + text);
            JavascriptExecutor js = browser;
            assertEquals(Boolean.TRUE, js.executeScript("return typeof window.__pwned === 'undefined';"), "a script ran");
            assertEquals(0L, js.executeScript("return document.querySelectorAll('img[onerror], a[href^=\"javascript:\"]')"
                    + ".length;"), "an injected element exists");
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(6)
    void metricsCountFetchesByOutcomeAndReadinessDoesNotDependOnVendors() {
        String metrics = server("/metrics");
        // refused_address: ClientMetadataFetcherTest (this server allows loopback, and nothing else is reachable here)
        for (String outcome : List.of("valid", "invalid", "timeout", "http_status", "redirect", "too_large", "not_json")) {
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("mcptrace_client_metadata_fetches")
                    && l.contains("outcome=\"" + outcome + "\"") && !l.trim().endsWith(" 0.0") && !l.trim().endsWith(" 0")),
                    outcome + " counted:\n" + metrics.lines().filter(l -> l.contains("client_metadata")).toList());
        }
        String ready = server("/health/ready");
        assertTrue(ready.contains("\"status\":\"UP\""), "vendors' documents timing out do not make mcptrace unready: "
                + ready);
        String live = server("/health/live");
        assertTrue(live.contains("client-metadata-fetch") && live.contains("running"), "the fetch loop shows: " + live);
    }

    @Test
    @Order(7)
    void manyNewClientIdsAtOnceAreFetchedAtAFewPerSecond() {
        JsonArrayBuilder batch = Json.createArrayBuilder();
        for (int i = 0; i < 200; i++) {
            batch.add(Json.createObjectBuilder().add("clientIp", "198.51.100.7").add("redirectUri", loopback)
                    .add("clientId", url("storm" + i + "-x")));
        }
        long start = System.nanoTime();
        Api.Response answer = api.post("api/v1/authorization-requests/batch", batch.build().toString());
        assertEquals(200, answer.status(), answer.toString());
        long full = answer.array().stream().map(JsonValue::asJsonObject)
                .filter(e -> message(e, "CLIENT_METADATA_PENDING").contains("queue is full")).count();
        assertTrue(full > 100, "the queue is bounded: " + full + " of 200 found it full");
        // whatever the backlog, fetches go out at four a second at most
        Supplier<Integer> fetched = () -> {
            int n = 0;
            for (int i = 0; i < 200; i++) {
                n += vendor.hits("storm" + i + "-x");
            }
            return n;
        };
        int seen = poll(fetched, n -> n >= 12, Duration.ofSeconds(60));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seen <= 4 * seconds + 2, seen + " fetches in " + seconds + " s");
    }

    /** /metrics and /health belong to the server, not to the application's context root. */
    String server(String path) {
        try {
            URI uri = new URL(base.getProtocol(), base.getHost(), base.getPort(), path).toURI();
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(HttpRequest.newBuilder(uri).header("Accept", "text/plain, application/json").build(),
                            HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new AssertionError(path, e);
        }
    }

    // reports and entries

    JsonObject report(String clientId, String redirectUri, String resource) {
        var body = Json.createObjectBuilder().add("clientIp", "198.51.100.7").add("redirectUri", redirectUri)
                .add("clientId", clientId);
        if (resource != null) {
            body.add("resource", resource);
        }
        Api.Response created = api.post("api/v1/authorization-requests", body.build().toString());
        assertEquals(201, created.status(), created.toString());
        return created.json();
    }

    /**
     * The first entry made once the fetch is done: dry runs (evaluate, which makes no entry) probe until the verdict
     * is in, then a real report, read back from /api/v1/traces.
     */
    JsonObject afterFetch(String clientId, String redirectUri, String resource) {
        var body = Json.createObjectBuilder().add("clientIp", "198.51.100.7").add("redirectUri", redirectUri)
                .add("clientId", clientId);
        if (resource != null) {
            body.add("resource", resource);
        }
        String json = body.build().toString();
        poll(() -> api.post("api/v1/authorization-requests/evaluate", json).json(),
                e -> !codes(e).contains("CLIENT_METADATA_PENDING"), Duration.ofSeconds(60));
        return read(report(clientId, redirectUri, resource));
    }

    JsonObject read(JsonObject created) {
        return api.get("api/v1/traces/" + created.getString("id")).json();
    }

    /** Probes every 50 ms until done: a fetch takes network time, which spinning would only take from the server. */
    static <T> T poll(Supplier<T> probe, Predicate<T> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            assertTrue(System.nanoTime() < deadline, "still " + last + " after " + timeout);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            last = probe.get();
        }
        return last;
    }

    static List<String> codes(JsonObject entry) {
        return entry.getJsonArray("findings").stream().map(f -> f.asJsonObject().getString("code")).toList();
    }

    static JsonObject finding(JsonObject entry, String code) {
        return entry.getJsonArray("findings").stream().map(JsonValue::asJsonObject)
                .filter(f -> f.getString("code").equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " in " + entry));
    }

    static String message(JsonObject entry, String code) {
        return finding(entry, code).getString("message");
    }

    static long id(Api.Response created) {
        assertEquals(201, created.status(), created.toString());
        return created.json().getJsonNumber("id").longValue();
    }

    static List<WebElement> rows(ChromeDriver browser) {
        return browser.findElements(By.cssSelector("#traces\\:grid tbody tr.mt-row"));
    }
}
