package org.mcptrace.forwardauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mcptrace.testing.Api;
import org.mcptrace.testing.Browser;
import org.mcptrace.testing.Deployments;
import org.mcptrace.testing.Nginx;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real traffic, no code: the official MCP TypeScript SDK discovers a stub MCP server's protected-resource metadata and
 * a real OAuth 2.1 authorization server (oidc-provider) behind Caddy, registers (dynamic client registration, or a
 * Client ID Metadata Document URL as client_id) and produces an authorization URL; the test opens it through Caddy
 * ({@code forward_auth}, an enforce gateway) and nginx ({@code auth_request}, an observe gateway behind one trusted
 * proxy), both of which ask mcptrace's forward auth for the authorization endpoint only. The entries must appear in
 * the API and in the console grid, the enforce proxy must refuse the client no policy allows before the
 * authorization server starts an interaction, and the observe proxy must let it continue. Last, an approved client
 * logs in for real through the enforce proxy and its access token is for the MCP server.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RealTrafficIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    private static final String CIMD_ORIGIN = "https://client.mcptrace.test";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @ArquillianResource
    URL base;

    @Test
    void anMcpClientsAuthorizationRequestsThroughNginxAndCaddyAreTracedAndEnforced() throws Exception {
        RealTraffic.requireTools();
        Api api = new Api(base);
        String marker = UUID.randomUUID().toString().substring(0, 8);
        int asPort = RealTraffic.freePort();
        int rsPort = RealTraffic.freePort();
        int caddyPort = RealTraffic.freePort();
        int nginxPort = RealTraffic.freePort();
        int callbackPort = RealTraffic.freePort();
        String caddy = "http://127.0.0.1:" + caddyPort;
        String nginx = "http://127.0.0.1:" + nginxPort;
        String resource = "http://127.0.0.1:" + rsPort + "/mcp";
        String forwardAuth = base.getPath().replaceAll("/$", "") + "/api/v1/forward-auth";
        String mcptrace = "127.0.0.1:" + base.getPort();

        // two gateways, one per proxy: Caddy enforces; nginx observes, behind one more proxy (a CDN, say)
        String caddyToken = api.post("api/v1/gateways", "{\"name\":\"caddy-" + marker + "\",\"mode\":\"enforce\"}")
                .json().getString("token");
        String nginxToken = api.post("api/v1/gateways", "{\"name\":\"nginx-" + marker
                + "\",\"mode\":\"observe\",\"trustedProxies\":1}").json().getString("token");

        // the configuration an operator would make: the SDK client may reach the MCP server; another client exists
        // but no policy lets it
        long approved = created(api.post("api/v1/client-workloads", "{\"name\":\"MCP SDK client " + marker
                + "\",\"redirectUris\":[\"http://127.0.0.1/" + marker + "/callback\"],\"active\":true}"));
        created(api.post("api/v1/client-workloads", "{\"name\":\"Unapproved client " + marker
                + "\",\"redirectUris\":[\"http://127.0.0.1/" + marker + "/unapproved\"],\"active\":true}"));
        long server = created(api.post("api/v1/server-workloads", "{\"name\":\"Stub MCP " + marker
                + "\",\"resourceUrl\":\"" + resource + "\",\"active\":true}"));
        created(api.post("api/v1/access-policies", "{\"name\":\"SDK to stub " + marker + "\",\"clientWorkloadId\":"
                + approved + ",\"serverWorkloadId\":" + server + ",\"active\":true}"));

        // nginx observes in front of the authorization server: its authorization endpoint (and the resume path) asks
        // mcptrace first
        String nginxSite = """
                upstream authorization_server { server 127.0.0.1:%2$d; }
                upstream mcptrace {
                    server %3$s;
                    keepalive 16;
                }
                server {
                    listen 127.0.0.1:%1$d;
                    location ~ ^/auth(/|$) {
                        auth_request /_mcptrace;
                        auth_request_set $mcptrace_decision $upstream_http_x_mcptrace_decision;
                        auth_request_set $mcptrace_entry $upstream_http_x_mcptrace_entry;
                        add_header X-Mcptrace-Decision $mcptrace_decision always;
                        add_header X-Mcptrace-Entry $mcptrace_entry always;
                        proxy_set_header Host $http_host;
                        proxy_pass http://authorization_server;
                    }
                    location / {
                        proxy_set_header Host $http_host;
                        proxy_pass http://authorization_server;
                    }
                    %4$s
                }
                """.formatted(nginxPort, asPort, mcptrace, Nginx.forwardAuthLocation(forwardAuth, nginxToken));

        Path work = Path.of("target/e2e/" + marker);
        try (RealTraffic parts = new RealTraffic(work);
                Nginx proxy = Nginx.start(work.resolve("nginx"), nginxSite, nginxPort)) {
            Process servers = parts.start("servers", List.of(RealTraffic.node(), "servers.mjs"), RealTraffic.NODE_PROJECT,
                    Map.of("AS_PORT", "" + asPort, "RS_PORT", "" + rsPort, "ISSUER", caddy, "CIMD_ORIGIN", CIMD_ORIGIN));
            parts.awaitLog("servers", servers, log -> log.contains("\"ready\":true"), Duration.ofSeconds(60));

            Path caddyData = parts.dir("caddy-data");
            Path caddyfile = parts.write("Caddyfile", """
                    {
                    	admin off
                    	auto_https off
                    }
                    http://127.0.0.1:%1$d {
                    	route {
                    		@authorize path /auth /auth/*
                    		forward_auth @authorize %2$s {
                    			uri %3$s
                    			header_up X-Mcptrace-Token "%4$s"
                    			copy_headers X-Mcptrace-Severity X-Mcptrace-Decision X-Mcptrace-Entry
                    		}
                    		reverse_proxy 127.0.0.1:%5$d
                    	}
                    }
                    """.formatted(caddyPort, mcptrace, forwardAuth, caddyToken, asPort));
            Process caddyProcess = parts.start("caddy", List.of(RealTraffic.CADDY, "run", "--adapter", "caddyfile",
                    "--config", caddyfile.toString()), caddyData, Map.of("XDG_DATA_HOME", caddyData.toString(),
                    "XDG_CONFIG_HOME", caddyData.toString(), "HOME", caddyData.toString()));
            parts.awaitPort("caddy", caddyProcess, caddyPort, Duration.ofSeconds(30));


            // the SDK, three times: registered by DCR, named by its metadata document, and a client no policy allows
            String cimd = CIMD_ORIGIN + "/" + marker + "/client.json";
            String callback = "http://127.0.0.1:" + callbackPort + "/" + marker + "/callback";
            post("http://127.0.0.1:" + rsPort + "/test/documents", Json.createObjectBuilder().add("client_id", cimd)
                    .add("client_name", "mcptrace e2e (CIMD)").add("redirect_uris", Json.createArrayBuilder().add(callback))
                    .add("grant_types", Json.createArrayBuilder().add("authorization_code"))
                    .add("response_types", Json.createArrayBuilder().add("code"))
                    .add("token_endpoint_auth_method", "none").add("application_type", "native").build().toString());
            JsonObject dcr = sdk(parts, "sdk-dcr", resource, callback, null);
            JsonObject metadataDocument = sdk(parts, "sdk-cimd", resource, callback, cimd);
            JsonObject unapproved = sdk(parts, "sdk-unapproved", resource,
                    "http://127.0.0.1:" + callbackPort + "/" + marker + "/unapproved", null);
            assertEquals(cimd, metadataDocument.getString("clientId"), "the SDK named itself by the document's URL");
            assertTrue(dcr.getString("authorizationUrl").startsWith(caddy + "/auth?"), dcr.toString());

            // through Caddy (enforce): both approved clients go on to the interaction; the unapproved one is refused
            for (JsonObject client : List.of(dcr, metadataDocument)) {
                HttpResponse<String> answer = get(client.getString("authorizationUrl"), Map.of());
                assertEquals(303, answer.statusCode(), answer.body());
                assertTrue(answer.headers().firstValue("Location").orElse("").startsWith("/interaction/"),
                        answer.headers().map().toString());
                JsonObject entry = entryOf(api, "caddy-" + marker, client.getString("clientId"));
                assertEquals("127.0.0.1", entry.getString("clientIp"), "the address Caddy saw");
                assertEquals(callback, entry.getString("redirectUri"));
                assertEquals(resource, entry.getString("resource"));
                assertEquals("INFO", entry.getString("severity"), entry.toString());
                assertEquals("MCP SDK client " + marker, entry.getJsonObject("clientWorkload").getString("name"));
                assertEquals("Stub MCP " + marker, entry.getJsonObject("serverWorkload").getString("name"));
                assertEquals("SDK to stub " + marker, entry.getJsonObject("accessPolicy").getString("name"));
            }
            int interactionsBefore = interactions(rsPort, unapproved.getString("clientId"));
            HttpResponse<String> refused = get(unapproved.getString("authorizationUrl"), Map.of("Accept", "text/html"));
            assertEquals(403, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("POLICY_MISSING"), "Caddy shows mcptrace's answer: " + refused.body());
            JsonObject error = entryOf(api, "caddy-" + marker, unapproved.getString("clientId"));
            assertEquals("ERROR", error.getString("severity"));
            assertEquals("DENIED", error.getString("decision"));
            assertTrue(refused.body().contains(error.getString("id")), refused.body());
            assertEquals(interactionsBefore, interactions(rsPort, unapproved.getString("clientId")),
                    "the authorization server never saw the refused request");

            // through nginx (observe, behind a CDN that says who the client was): everything continues, all traced
            String cdnSaw = "203.0.113.50";
            for (JsonObject client : List.of(dcr, metadataDocument, unapproved)) {
                String throughNginx = client.getString("authorizationUrl").replace(caddy, nginx);
                HttpResponse<String> answer = get(throughNginx, Map.of("X-Forwarded-For", cdnSaw));
                assertEquals(303, answer.statusCode(), answer.body());
                assertTrue(answer.headers().firstValue("Location").orElse("").startsWith("/interaction/"));
                JsonObject entry = entryOf(api, "nginx-" + marker, client.getString("clientId"));
                assertEquals(answer.headers().firstValue("X-Mcptrace-Entry").orElse(null), entry.getString("id"),
                        "nginx copies the entry header to the browser");
                assertEquals(cdnSaw, entry.getString("clientIp"), "one trusted proxy in front of nginx");
                assertEquals(client == unapproved ? "ERROR" : "INFO", entry.getString("severity"));
            }
            assertEquals(interactionsBefore + 1, interactions(rsPort, unapproved.getString("clientId")),
                    "observe let the unapproved client on to the authorization server");

            // a CIMD client told apart by its client ID alone (step 2a): its workload registers no redirect URI
            String cimdOnly = CIMD_ORIGIN + "/" + marker + "/identified.json";
            String identifiedCallback = "http://127.0.0.1:" + callbackPort + "/" + marker + "/identified";
            post("http://127.0.0.1:" + rsPort + "/test/documents", Json.createObjectBuilder().add("client_id", cimdOnly)
                    .add("client_name", "mcptrace e2e (identified)")
                    .add("redirect_uris", Json.createArrayBuilder().add(identifiedCallback))
                    .add("grant_types", Json.createArrayBuilder().add("authorization_code"))
                    .add("response_types", Json.createArrayBuilder().add("code"))
                    .add("token_endpoint_auth_method", "none").add("application_type", "native").build().toString());
            long identifiedWorkload = created(api.post("api/v1/client-workloads", "{\"name\":\"CIMD client " + marker
                    + "\",\"clientIds\":[\"" + cimdOnly + "\"]}"));
            created(api.post("api/v1/access-policies", "{\"name\":\"CIMD to stub " + marker + "\",\"clientWorkloadId\":"
                    + identifiedWorkload + ",\"serverWorkloadId\":" + server + "}"));
            JsonObject identified = sdk(parts, "sdk-identified", resource, identifiedCallback, cimdOnly);
            HttpResponse<String> identifiedAnswer = get(identified.getString("authorizationUrl").replace(caddy, nginx),
                    Map.of("X-Forwarded-For", cdnSaw));
            assertEquals(303, identifiedAnswer.statusCode(), identifiedAnswer.body());
            JsonObject byClientId = entryOf(api, "nginx-" + marker, cimdOnly);
            assertEquals("INFO", byClientId.getString("severity"), byClientId.toString());
            assertEquals("CIMD client " + marker, byClientId.getJsonObject("clientWorkload").getString("name"));
            assertEquals("CLIENT_ID", byClientId.getJsonObject("clientWorkload").getString("rule"));
            assertEquals("CIMD to stub " + marker, byClientId.getJsonObject("accessPolicy").getString("name"));

            // the authorization server's own follow-up page, through forward auth on /auth/*, is not refused
            HttpResponse<String> resume = get(caddy + "/auth/" + marker, Map.of());
            assertTrue(resume.statusCode() != 403 && resume.statusCode() != 401, "resume page: " + resume.statusCode());

            // a whole login through the enforce proxy: log in and consent on the server's pages (each resume at
            // /auth/<uid> passes forward auth untraced), the code back to the client, the token for the MCP server
            JsonObject login = client(parts, "sdk-login", resource, callback, null, Map.of("LOGIN", "1"));
            assertEquals("AUTHORIZED", login.getString("result"), login.toString());
            assertEquals(resource, login.getString("audience"), "the access token is for the MCP server");
            assertEquals("INFO", entryOf(api, "caddy-" + marker, login.getString("clientId")).getString("severity"));

            // the count is kept in memory and written every few seconds; a listing during a write may lag a moment
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (gateway(api, "caddy-" + marker).getJsonNumber("requestCount").longValue() != 4
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            JsonObject caddyGateway = gateway(api, "caddy-" + marker);
            assertEquals(4, caddyGateway.getJsonNumber("requestCount").longValue(), caddyGateway.toString());
            assertEquals(1, caddyGateway.getJsonNumber("refused").longValue());
            assertTrue(caddyGateway.getJsonNumber("passed").longValue() >= 3, caddyGateway.toString());
            assertNotNull(caddyGateway.get("lastSeen"));

            consoleShows(dcr.getString("clientId"), callback, "MCP SDK client " + marker, "SDK to stub " + marker);
        }
    }

    /** The live grid, as an operator sees it: the SDK's request with its client, server, policy and Info. */
    private void consoleShows(String clientId, String redirectUri, String clientWorkload, String policy) {
        ChromeDriver browser = Browser.start();
        try {
            Browser.signIn(browser, base, "operator", Api.OPERATOR_PASSWORD);
            browser.get(base.toExternalForm());
            // the row's text is read within the wait: a render or a push may replace the row element at any time
            String text = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(100))
                    .ignoring(StaleElementReferenceException.class).until(d -> d
                    .findElements(By.cssSelector("#traces\\:grid tbody tr.mt-row")).stream().map(WebElement::getText)
                    .filter(t -> t.contains(clientWorkload) && t.contains("127.0.0.1"))
                    .findFirst().orElse(null));
            assertTrue(text.contains(policy), text);
            assertTrue(text.contains("Info"), text);
            assertTrue(text.contains("Stub MCP"), text);
        } finally {
            browser.quit();
        }
    }

    private static JsonObject sdk(RealTraffic parts, String name, String resource, String callback, String cimd)
            throws Exception {
        JsonObject result = client(parts, name, resource, callback, cimd, Map.of());
        assertEquals("REDIRECT", result.getString("result"), result.toString());
        return result;
    }

    private static JsonObject client(RealTraffic parts, String name, String resource, String callback, String cimd,
                                     Map<String, String> environment) throws Exception {
        List<String> command = cimd == null ? List.of(RealTraffic.node(), "client.mjs", resource, callback)
                : List.of(RealTraffic.node(), "client.mjs", resource, callback, cimd);
        String out = parts.run(name, command, RealTraffic.NODE_PROJECT, environment, Duration.ofSeconds(90)).strip();
        return parse(out.substring(out.lastIndexOf('\n') + 1));
    }

    private static JsonObject entryOf(Api api, String gateway, String clientId) {
        JsonArray traces = api.get("api/v1/traces?limit=1000").array();
        return traces.stream().map(v -> v.asJsonObject())
                .filter(e -> gateway.equals(e.getString("gatewayId", null)) && clientId.equals(e.getString("clientId", null)))
                .findFirst().orElseThrow(() -> new AssertionError("no entry of " + gateway + " for " + clientId));
    }

    private static JsonObject gateway(Api api, String name) {
        return api.get("api/v1/gateways").array().stream().map(v -> v.asJsonObject())
                .filter(g -> name.equals(g.getString("name"))).findFirst().orElseThrow();
    }

    private static long created(Api.Response response) {
        assertEquals(201, response.status(), response.toString());
        return response.json().getJsonNumber("id").longValue();
    }

    private static int interactions(int rsPort, String clientId) throws Exception {
        JsonArray started = parseArray(get("http://127.0.0.1:" + rsPort + "/test/interactions", Map.of()).body());
        return (int) started.stream().filter(i -> clientId.equals(i.asJsonObject().getString("clientId", null))).count();
    }

    private static HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void post(String url, String json) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
    }

    private static JsonObject parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static JsonArray parseArray(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readArray();
        }
    }
}
