package org.mcptrace.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mcptrace.testing.Conditions.waitFor;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.mcptrace.testing.Api;
import org.mcptrace.testing.Browser;
import org.mcptrace.testing.EmbeddedDatabase;
import org.mcptrace.testing.LibertyNode;
import org.mcptrace.testing.Nginx;
import org.mcptrace.testing.TestCertificate;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Two Liberty servers running the packaged WAR, one PostgreSQL, a cluster key: the properties the product promises for
 * several nodes, in the order an operator would meet them. Each server is its own process with its own name, ports and
 * cluster port; node B is killed with SIGKILL and started again. Last, Debian's nginx runs in front of both with the
 * configuration docs/deployment.md gives (docs/nginx/mcptrace.conf), and the node serving a console dies under it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    // free ports unless given: other worktrees may run this test at the same time
    private static final Integer BASE_PORT = Integer.getInteger("cluster.it.port");
    private static final String KEY = "cluster-it-key-" + System.nanoTime();
    // generous: two servers and Chromium share two cores with whatever else runs
    private static final Duration START = Duration.ofSeconds(600);

    EmbeddedPostgres postgres;
    String jdbcUrl;
    LibertyNode a;
    LibertyNode b;
    final List<String> onA = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void startTogetherOnAnEmptyDatabase() throws Exception {
        postgres = EmbeddedDatabase.start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database cluster");
        }
        jdbcUrl = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/cluster";
        a = node("A", 0);
        b = node("B", 10);
        // property 5: both at once, against an empty database
        CompletableFuture<Void> startA = CompletableFuture.runAsync(() -> a.start(START));
        CompletableFuture<Void> startB = CompletableFuture.runAsync(() -> b.start(START));
        startA.get(900, TimeUnit.SECONDS);
        startB.get(900, TimeUnit.SECONDS);
    }

    private LibertyNode node(String letter, int offset) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MCPTRACE_JDBC_URL", jdbcUrl);
        env.put("MCPTRACE_JDBC_USER", "postgres");
        env.put("MCPTRACE_JDBC_PASSWORD", "postgres");
        env.put("MCPTRACE_CLUSTER_KEY", KEY);
        env.put("MCPTRACE_CLUSTER_BIND", "127.0.0.1");
        env.put("MCPTRACE_CLUSTER_PORT", Integer.toString(BASE_PORT != null ? BASE_PORT + 100 + 2 * offset
                : LibertyNode.freePort()));
        env.put("MCPTRACE_NODE_NAME", "node-" + letter);
        env.put("MCPTRACE_SESSIONS", "database");
        String name = System.getProperty("it.server.name", "mcptraceIT").replaceFirst("IT$", "") + letter;
        return BASE_PORT != null ? LibertyNode.fromBuild(name, BASE_PORT + offset, BASE_PORT + offset + 1, env)
                : LibertyNode.fromBuild(name, LibertyNode.freePort(), LibertyNode.freePort(), env);
    }

    @AfterAll
    void stopAll() throws Exception {
        for (LibertyNode node : new LibertyNode[] {a, b}) {
            if (node != null) {
                node.stop();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(5)
    void bothStartedTogetherBecomeReadyWithOneSchema() throws Exception {
        a.awaitMembers(2);
        b.awaitMembers(2);
        try (Connection c = postgres.getDatabase("postgres", "cluster").getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*), count(distinct version) from flyway_schema_history"
                        + " where success and version is not null")) {
            assertTrue(rs.next());
            assertEquals(rs.getLong(2), rs.getLong(1), "every migration applied exactly once");
            assertTrue(rs.getLong(1) >= 2);
        }
    }

    @Test
    @Order(10)
    void aWorkloadCreatedOnAChangesBsEntryWithinOneSecond() {
        a.awaitMembers(2);
        String resource = "https://cluster-" + System.nanoTime() + ".example/mcp";
        assertEquals(jakarta.json.JsonValue.NULL, evaluate(b, resource).get("serverWorkload"));
        Api.Response created = a.api.post("api/v1/server-workloads",
                "{\"name\":\"Cluster " + System.nanoTime() + "\",\"resourceUrl\":\"" + resource + "\"}");
        long committed = System.nanoTime();
        assertEquals(201, created.status(), created.toString());
        waitFor(() -> evaluate(b, resource), e -> e.get("serverWorkload") instanceof JsonObject, Duration.ofSeconds(10));
        long millis = (System.nanoTime() - committed) / 1_000_000;
        assertTrue(millis < 1000, "node B resolved against A's change after " + millis + " ms");
    }

    @Test
    @Order(20)
    void anEntryReportedToBAppearsOnAsConsoleAndStream() throws Exception {
        String marker = "fan-" + System.nanoTime();
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        Stream stream = new Stream(a.api.uri("api/v1/traces/stream?q=" + marker).toString(),
                Map.of("Authorization", a.api.authorization()), null, data -> {
                    int at = data.indexOf(marker + "-");
                    if (at >= 0) {
                        arrived.putIfAbsent(data.substring(at + marker.length() + 1).replaceFirst("[^0-9].*", ""),
                                System.nanoTime());
                    }
                });
        ChromeDriver browser = Browser.start();
        try {
            Browser.signIn(browser, new URL(a.base), "operator", Api.OPERATOR_PASSWORD);
            int count = 40;
            Map<String, Long> sent = new HashMap<>();
            for (int i = 0; i < count; i++) {
                String n = Integer.toString(i);
                sent.put(n, System.nanoTime());
                assertEquals(201, report(b, marker + "-" + n).status());
                onA.add(marker + "-" + n);
                if (i == 0) {
                    // the console on A shows B's entry without a reload
                    Browser.waitFor(browser).withTimeout(Duration.ofSeconds(20)).until(d ->
                            d.findElement(By.tagName("body")).getText().contains(marker + "-0"));
                }
            }
            waitFor(arrived::size, n -> n == count, Duration.ofSeconds(20));
            List<Long> latencies = new ArrayList<>();
            sent.forEach((n, at) -> latencies.add((arrived.get(n) - at) / 1_000_000));
            Collections.sort(latencies);
            long p95 = latencies.get((int) Math.ceil(latencies.size() * 0.95) - 1);
            System.out.println("cross-node push latency B -> A's stream, ms: p50 " + latencies.get(latencies.size() / 2)
                    + ", p95 " + p95 + ", max " + latencies.get(latencies.size() - 1));
            assertTrue(p95 < 500, "p95 " + p95 + " ms: " + latencies);
        } finally {
            browser.quit();
            stream.close();
        }
    }

    @Test
    @Order(30)
    void whenBIsKilledAKeepsIngestingLosesNothingAndTakesOverBsSessionsAndStreams() throws Exception {
        // an operator signed in on B, and a stream client reading B, both mid-work when B dies
        ChromeDriver operator = Browser.start();
        String marker = "resume-" + System.nanoTime();
        Stream onB = null;
        try {
            Browser.signIn(operator, new URL(b.base), "operator", Api.OPERATOR_PASSWORD);
            assertEquals("node-B", operator.findElement(By.id("servedBy")).getText());
            onB = new Stream(b.api.uri("api/v1/traces/stream?q=" + marker).toString(),
                    Map.of("Authorization", b.api.authorization()), null, data -> { });
            for (int i = 0; i < 10; i++) {
                assertEquals(201, report(i % 2 == 0 ? a : b, marker + "-" + i).status());
                onA.add(marker + "-" + i);
            }
            Stream reading = onB;
            waitFor(() -> reading.markers(marker).size(), n -> n == 10, Duration.ofSeconds(20));
            // ... and A has B's entries too, so what the client read on B is all there to resume from on A
            waitFor(() -> a.api.get("api/v1/traces?q=" + marker).array().size(), n -> n == 10, Duration.ofSeconds(20));
            String lastEventId = onB.lastId();

            b.kill();
            for (int i = 10; i < 15; i++) {
                assertEquals(201, report(a, marker + "-" + i).status(), "A keeps ingesting");
                onA.add(marker + "-" + i);
            }
            a.awaitMembers(1);
            String held = a.api.get("api/v1/traces?limit=10000").body();
            for (String entry : onA) {
                assertTrue(held.contains(entry), "A still holds " + entry);
            }

            // the operator's next request goes to A: still signed in, nothing asked again
            operator.get(a.base);
            Browser.waitFor(operator).withTimeout(Duration.ofSeconds(30)).until(d ->
                    !d.findElements(By.id("servedBy")).isEmpty());
            assertFalse(operator.getCurrentUrl().contains("login.xhtml"), operator.getCurrentUrl());
            assertEquals("node-A", operator.findElement(By.id("servedBy")).getText());
            assertEquals("operator", operator.findElement(By.id("user")).getText());
            // ... and A pushes to the page it served: entries reported now reach it by websocket, after reloads too
            String live = "live-" + System.nanoTime();
            for (int i = 0; i < 3; i++) {
                if (i > 0) {
                    operator.navigate().refresh();
                }
                pushed(operator, a, a.api, live + "-" + i);
                onA.add(live + "-" + i);
            }

            // the stream client resumes on A with the last id B sent: exactly what it had not seen, nothing twice
            try (Stream resumed = new Stream(a.api.uri("api/v1/traces/stream?q=" + marker).toString(),
                    Map.of("Authorization", a.api.authorization()), lastEventId, data -> { })) {
                assertEquals(201, report(a, marker + "-15").status());
                onA.add(marker + "-15");
                waitFor(() -> resumed.markers(marker), m -> m.contains(marker + "-15"), Duration.ofSeconds(20));
                assertEquals(List.of(10, 11, 12, 13, 14, 15).stream().map(i -> marker + "-" + i).toList(),
                        resumed.markers(marker), "resumed on A after " + lastEventId);
            }
        } finally {
            operator.quit();
            if (onB != null) {
                onB.close();
            }
        }
    }

    @Test
    @Order(40)
    void bRestartedRejoinsWithTheBufferAndSeesNewEntries() throws Exception {
        b.start(START);
        b.awaitMembers(2);
        a.awaitMembers(2);
        String held = b.api.get("api/v1/traces?limit=10000").body();
        for (String entry : onA) {
            assertTrue(held.contains(entry), "B took " + entry + " from the cluster's buffer");
        }
        String marker = "after-restart-" + System.nanoTime();
        assertEquals(201, report(a, marker).status());
        waitFor(() -> b.api.get("api/v1/traces?q=" + marker).array().size(), n -> n == 1, Duration.ofSeconds(10));
    }

    /**
     * docs/nginx/mcptrace.conf as it stands, with only its upstream servers, listen lines and certificate paths
     * replaced: a console and a stream through nginx over TLS, then the node serving both dies and nginx takes them to
     * the other one.
     */
    @Test
    @Order(50)
    void behindTheDocumentedNginxConsoleAndStreamSurviveTheirNodesDeath() throws Exception {
        Nginx.require();
        int port = LibertyNode.freePort();
        int plainPort = LibertyNode.freePort();
        TestCertificate certificate = TestCertificate.create(Path.of("target/cluster-it/tls"));
        String site = Files.readString(Path.of("docs/nginx/mcptrace.conf"));
        String upstreams = "server 127.0.0.1:" + a.httpPort + " max_fails=1 fail_timeout=10s;\n"
                + "    server 127.0.0.1:" + b.httpPort + " max_fails=1 fail_timeout=10s;";
        Map<String, String> replaced = new LinkedHashMap<>();
        replaced.put("    server 10.0.0.11:9080 max_fails=1 fail_timeout=10s;\n"
                + "    server 10.0.0.12:9080 max_fails=1 fail_timeout=10s;", upstreams);
        replaced.put("\n    listen 443 ssl;", "\n    listen 127.0.0.1:" + port + " ssl;");
        replaced.put("\n    listen 80;", "\n    listen 127.0.0.1:" + plainPort + ";");
        replaced.put("ssl_certificate /etc/nginx/tls/mcptrace.crt;", "ssl_certificate " + certificate.certificate() + ";");
        replaced.put("ssl_certificate_key /etc/nginx/tls/mcptrace.key;", "ssl_certificate_key " + certificate.key() + ";");
        String tested = site;
        for (Map.Entry<String, String> line : replaced.entrySet()) {
            assertTrue(tested.contains(line.getKey()), "the documented configuration still has " + line.getKey());
            tested = tested.replace(line.getKey(), line.getValue());
        }
        String marker = "nginx-" + System.nanoTime();
        HttpClient tls = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(certificate.trusting()).build();
        ChromeDriver operator = Browser.startAcceptingTestCertificates();
        try (Nginx nginx = Nginx.start(Path.of("target/cluster-it/nginx"), tested, port)) {
            // plain HTTP is only a way to https
            HttpResponse<Void> plain = http.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                    + plainPort + "/index.xhtml")).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(301, plain.statusCode());
            assertEquals("https://127.0.0.1/index.xhtml", plain.headers().firstValue("Location").orElse(""));
            Api api = new Api(new URL(nginx.httpsBase()), tls);
            Browser.signIn(operator, new URL(nginx.httpsBase()), "operator", Api.OPERATOR_PASSWORD);
            assertTrue(operator.getCurrentUrl().startsWith(nginx.httpsBase()), "signed in over https, redirects "
                    + "included: " + operator.getCurrentUrl());
            for (org.openqa.selenium.Cookie cookie : operator.manage().getCookies()) {
                assertTrue(cookie.isSecure(), "only ever sent over TLS: " + cookie);
            }
            String first = operator.findElement(By.id("servedBy")).getText();
            LibertyNode serving = first.equals("node-A") ? a : b;
            // the stream rides on the browser's cookies (its session, nginx's node cookie), so nginx sends it to the
            // console's node
            Map<String, String> session = Map.of("Cookie", operator.manage().getCookies().stream()
                    .map(c -> c.getName() + "=" + c.getValue()).collect(Collectors.joining("; ")));
            assertTrue(session.get("Cookie").contains("mcptrace_node="), session.toString());
            String lastEventId;
            try (Stream stream = new Stream(tls, api.uri("api/v1/traces/stream?q=" + marker).toString(), session, null,
                    data -> { })) {
                // reports through nginx go to either node; the console (websocket push through nginx) and the stream
                // (unbuffered through nginx) show them all
                for (int i = 0; i < 6; i++) {
                    assertEquals(201, report(api, marker + "-" + i).status());
                }
                waitFor(() -> stream.markers(marker).size(), n -> n == 6, Duration.ofSeconds(20));
                Browser.waitFor(operator).withTimeout(Duration.ofSeconds(20)).until(d ->
                        d.findElement(By.tagName("body")).getText().contains(marker + "-5"));
                for (LibertyNode node : List.of(a, b)) {
                    waitFor(() -> node.api.get("api/v1/traces?q=" + marker).array().size(), n -> n == 6,
                            Duration.ofSeconds(20));
                }
                lastEventId = stream.lastId();
                serving.kill();
            }
            for (int i = 6; i < 10; i++) {
                assertEquals(201, report(api, marker + "-" + i).status(), "nginx takes reports to the node alive");
            }
            // the page open when its node died carries on by itself, nobody touching it: its push socket reconnects
            // through nginx to the other node, whose first answer to the page's request for a view it never held is
            // the same page afresh (PageRecovery), still signed in, saying why it was loaded again
            LibertyNode survivor = serving == a ? b : a;
            String other = first.equals("node-A") ? "node-B" : "node-A";
            Browser.waitFor(operator).withTimeout(Duration.ofSeconds(60)).until(d ->
                    d.findElements(By.id("servedBy")).stream().anyMatch(e -> e.getText().equals(other)));
            assertFalse(operator.getCurrentUrl().contains("login.xhtml"), operator.getCurrentUrl());
            assertEquals("operator", operator.findElement(By.id("user")).getText());
            assertTrue(operator.findElement(By.id("reloaded")).getText().contains("This page was loaded again"),
                    operator.findElement(By.id("reloaded")).getText());
            // entries reported after the failover reach that page by push, and the page after reloads too
            for (int i = 10; i < 13; i++) {
                if (i > 10) {
                    operator.navigate().refresh();
                }
                pushed(operator, survivor, api, marker + "-" + i);
            }
            // the stream client reconnects through nginx with its Last-Event-ID: the rest, nothing twice
            try (Stream resumed = new Stream(tls, api.uri("api/v1/traces/stream?q=" + marker).toString(), session,
                    lastEventId, data -> { })) {
                assertEquals(201, report(api, marker + "-13").status());
                waitFor(() -> resumed.markers(marker), m -> m.contains(marker + "-13"), Duration.ofSeconds(20));
                assertEquals(List.of(6, 7, 8, 9, 10, 11, 12, 13).stream().map(i -> marker + "-" + i).toList(),
                        resumed.markers(marker), "resumed after " + lastEventId);
            }
            assertFalse(nginx.errors().contains("[emerg]"), nginx.errors());
        } finally {
            operator.quit();
        }
    }

    /**
     * Reports an entry and waits until the open console has it by push: the last websocket message the page took covers
     * the entry's sequence on the node serving the page (live.js keeps it in the body's data-pushed, which no render of
     * the grid moves), and its row is on the page.
     */
    private static void pushed(ChromeDriver page, LibertyNode serving, Api reportTo, String marker) throws IOException {
        assertEquals(201, report(reportTo, marker).status());
        long sequence = waitFor(() -> serving.api.get("api/v1/traces?q=" + marker).array(), found -> found.size() == 1,
                Duration.ofSeconds(20)).getJsonObject(0).getJsonNumber("sequence").longValue();
        try {
            Browser.waitFor(page).withTimeout(Duration.ofSeconds(30)).until(d -> {
                WebElement body = d.findElement(By.tagName("body"));
                String upTo = body.getAttribute("data-pushed");
                return upTo != null && Long.parseLong(upTo) >= sequence && body.getText().contains(marker);
            });
        } catch (TimeoutException e) {
            List<String> log = Files.readAllLines(serving.log());
            throw new AssertionError("the console on " + serving.name + " was not pushed " + marker + " (sequence "
                    + sequence + "); page pushed up to " + page.findElement(By.tagName("body")).getAttribute("data-pushed")
                    + ", connection '" + page.findElement(By.id("connection")).getText() + "'; live status "
                    + serving.api.get("api/v1/traces/live").body() + "; the node's log ends:\n"
                    + String.join("\n", log.subList(Math.max(0, log.size() - 60), log.size())), e);
        }
    }

    private static JsonObject evaluate(LibertyNode node, String resource) {
        Api.Response response = node.api.post("api/v1/authorization-requests/evaluate",
                "{\"redirectUri\":\"https://client.example/cb\",\"resource\":\"" + resource + "\"}");
        assertEquals(200, response.status(), response.toString());
        return response.json();
    }

    private static Api.Response report(LibertyNode node, String marker) {
        return report(node.api, marker);
    }

    private static Api.Response report(Api api, String marker) {
        return api.post("api/v1/authorization-requests", "{\"clientIp\":\"192.0.2.7\",\"redirectUri\":"
                + "\"https://claude.ai/api/mcp/auth_callback\",\"resource\":\"https://" + marker + ".example/mcp\"}");
    }

    /** An SSE client: the trace events it received (id and data), in order, read on a thread of its own. */
    final class Stream implements AutoCloseable {
        private final List<String[]> events = Collections.synchronizedList(new ArrayList<>());
        private final HttpResponse<InputStream> response;
        private final CompletableFuture<Void> reading;

        Stream(String uri, Map<String, String> headers, String lastEventId, java.util.function.Consumer<String> onData)
                throws Exception {
            this(http, uri, headers, lastEventId, onData);
        }

        Stream(HttpClient client, String uri, Map<String, String> headers, String lastEventId,
               java.util.function.Consumer<String> onData) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(java.net.URI.create(uri))
                    .header("Accept", "text/event-stream");
            headers.forEach(request::header);
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode(), uri);
            CompletableFuture<Void> opened = new CompletableFuture<>();
            reading = CompletableFuture.runAsync(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                        StandardCharsets.UTF_8))) {
                    String id = null;
                    String line;
                    while ((line = reader.readLine()) != null) {
                        // the opening comment: the server has fixed where this client starts reading
                        opened.complete(null);
                        if (line.startsWith("id:")) {
                            id = line.substring(3).strip();
                        } else if (line.startsWith("data:")) {
                            onData.accept(line);
                            events.add(new String[] {id, line});
                        }
                    }
                } catch (IOException e) {
                    // closed by the test, or the node died
                } finally {
                    opened.complete(null);
                }
            });
            opened.get(30, TimeUnit.SECONDS);
        }

        /** The markers of the entries received, in order ("marker-n"). */
        List<String> markers(String marker) {
            List<String> found = new ArrayList<>();
            synchronized (events) {
                for (String[] event : events) {
                    int at = event[1].indexOf(marker + "-");
                    if (at >= 0) {
                        found.add(marker + "-" + event[1].substring(at + marker.length() + 1).replaceFirst("[^0-9].*", ""));
                    }
                }
            }
            return found;
        }

        String lastId() {
            synchronized (events) {
                return events.get(events.size() - 1)[0];
            }
        }

        @Override
        public void close() {
            try {
                response.body().close();
            } catch (IOException e) {
                // already gone
            }
            reading.cancel(true);
        }
    }
}
