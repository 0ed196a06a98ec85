package org.mcptrace.forwardauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.mcptrace.testing.Api;
import org.mcptrace.testing.Browser;
import org.mcptrace.testing.Deployments;

/**
 * /api/v1/forward-auth on a real Liberty: the token, the modes, what is traced and what passes, the client address,
 * and, for the proxies that cannot be installed here (Envoy, Traefik, agentgateway), the exact request each one sends,
 * written byte for byte on a socket. nginx and Caddy call it for real in {@code RealTrafficIT}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ForwardAuthIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @ArquillianResource
    URL base;

    Api api;
    String marker;
    String redirectUri;
    String resource;

    @BeforeEach
    void connect() {
        api = new Api(base);
        marker = UUID.randomUUID().toString().substring(0, 8);
        redirectUri = "http://127.0.0.1/" + marker + "/callback";
        resource = "https://mcp-" + marker + ".example.com/mcp";
    }

    // ---------------------------------------------------------------- the endpoint

    @Test
    void observeLetsTheLoginThroughAndTracesItWithHeadersAProxyCanCopy() {
        Api.Response answer = forwardAuth(Api.GATEWAY_TOKEN, "/authorize?" + query("claude-" + marker, 53682),
                Map.of("X-Forwarded-For", "198.51.100.9, 203.0.113.7"));
        assertEquals(200, answer.status(), answer.toString());
        assertEquals("ERROR", answer.header("X-Mcptrace-Severity"));
        assertEquals("DENIED", answer.header("X-Mcptrace-Decision"));
        assertEquals("no-store", answer.header("Cache-Control"));
        JsonObject entry = entry(answer);
        assertEquals("bootstrap", entry.getString("gatewayId"));
        assertEquals("203.0.113.7", entry.getString("clientIp"), "the entry the proxy added: the last one");
        assertEquals("http://127.0.0.1:53682/" + marker + "/callback", entry.getString("redirectUri"));
        assertEquals(resource, entry.getString("resource"));
        assertEquals("claude-" + marker, entry.getString("clientId"));
        assertEquals("ERROR", entry.getString("severity"));
    }

    @Test
    void resolvesExactlyAsAReportWithTheSameQuery() {
        String query = query("same-" + marker, 40000);
        JsonObject reported = api.post("api/v1/authorization-requests", "{\"clientIp\":\"203.0.113.7\",\"authorizationQuery\":"
                + Json.createValue(query) + "}").json();
        JsonObject forwarded = entry(forwardAuth(Api.GATEWAY_TOKEN, "/authorize?" + query,
                Map.of("X-Forwarded-For", "203.0.113.7")));
        for (String member : new String[] {"redirectUri", "resource", "clientId", "clientIp", "severity", "decision",
                "findings", "clientWorkload", "serverWorkload", "accessPolicy", "gatewayId"}) {
            assertEquals(reported.get(member), forwarded.get(member), member);
        }
    }

    @Test
    void refusesCallsWithoutAValidTokenAndTracesNothing() {
        JsonObject before = api.get("api/v1/gateways/rejections").json();
        String uri = "/authorize?" + query("nobody-" + marker, 1);
        Api.Response missing = forwardAuth(null, uri, Map.of());
        assertEquals(401, missing.status(), missing.toString());
        assertTrue(missing.header("WWW-Authenticate").startsWith("Mcptrace-Token"), "no Basic dialog in a browser");
        assertEquals("X-Mcptrace-Token", missing.json().getString("field"));
        assertEquals(401, forwardAuth("wrong-" + marker, uri, Map.of()).status());
        // the Authorization header belongs to the request the proxy holds: even an operator's credentials open nothing
        assertEquals(401, forwardAuth(null, uri, Map.of("Authorization", api.authorization())).status());
        // and a gateway's Bearer token is for reports: forward auth takes it only in its own header
        assertEquals(401, forwardAuth(null, uri, Map.of("Authorization", "Bearer " + Api.GATEWAY_TOKEN)).status());
        JsonObject after = api.get("api/v1/gateways/rejections").json();
        assertEquals(before.getInt("missing-token") + 3, after.getInt("missing-token"));
        assertEquals(before.getInt("unknown-token") + 1, after.getInt("unknown-token"));
        assertFalse(api.get("api/v1/traces?q=" + marker).body().contains(marker), "nothing traced");
        // the token works nowhere else
        assertEquals(401, api.anonymous().send(HttpRequest.newBuilder(api.uri("api/v1/traces"))
                .header("X-Mcptrace-Token", Api.GATEWAY_TOKEN).GET()).status());
    }

    @Test
    void letsThroughAndCountsWhatIsNotAnAuthorizationRequest() {
        long passed = listed("bootstrap").getJsonNumber("passed").longValue();
        // an authorization server's own follow-up page, an asset, a preflight to the same rule
        for (String uri : new String[] {"/auth/" + marker, "/interaction/" + marker + "?lang=en", "/favicon.ico"}) {
            Api.Response answer = forwardAuth(Api.GATEWAY_TOKEN, uri, Map.of());
            assertEquals(200, answer.status(), uri);
            assertNull(answer.header("X-Mcptrace-Entry"), uri + " is not traced");
        }
        Api.Response preflight = forwardAuth(Api.GATEWAY_TOKEN, "/authorize?" + query("x-" + marker, 1),
                Map.of("X-Forwarded-Method", "OPTIONS"));
        assertEquals(200, preflight.status());
        assertNull(preflight.header("X-Mcptrace-Entry"));
        assertEquals(passed + 4, listed("bootstrap").getJsonNumber("passed").longValue());
        assertFalse(api.get("api/v1/traces?q=" + marker).body().contains(marker));
        String metrics = metrics();
        assertTrue(metrics.contains("mcptrace_forward_auth_passed"), metrics);
        assertTrue(metrics.contains("mcptrace_forward_auth_refused"), metrics);
    }

    @Test
    void enforceRefusesDeniedEntriesNamingTheFindingAndLetsAllowedOnesThrough() {
        String token = register("{\"name\":\"enforce-" + marker + "\",\"mode\":\"enforce\"}");
        JsonObject gateway = listed("enforce-" + marker);
        assertEquals("enforce", gateway.getString("mode"));
        allowThePair();

        Api.Response allowed = forwardAuth(token, "/authorize?" + query("ok-" + marker, 50123), Map.of());
        assertEquals(200, allowed.status(), allowed.toString());
        assertEquals("INFO", allowed.header("X-Mcptrace-Severity"));
        assertEquals("ALLOWED", allowed.header("X-Mcptrace-Decision"));
        JsonObject info = entry(allowed);
        assertEquals("Claude " + marker, info.getJsonObject("clientWorkload").getString("name"));
        assertEquals("Docs " + marker, info.getJsonObject("serverWorkload").getString("name"));
        assertEquals("Claude to Docs " + marker, info.getJsonObject("accessPolicy").getString("name"));
        assertEquals("enforce-" + marker, info.getString("gatewayId"));

        String stranger = "/authorize?response_type=code&client_id=x&redirect_uri="
                + enc("https://evil-" + marker + ".example.com/cb") + "&resource=" + enc(resource);
        Api.Response refused = forwardAuth(token, stranger, Map.of("Accept", "text/html,*/*;q=0.8"));
        assertEquals(403, refused.status(), refused.toString());
        assertTrue(refused.contentType().startsWith("text/plain"), refused.contentType());
        assertTrue(refused.body().contains("CLIENT_NO_MATCH"), refused.body());
        assertTrue(refused.body().contains(refused.header("X-Mcptrace-Entry")), refused.body());
        assertEquals("ERROR", refused.header("X-Mcptrace-Severity"));
        assertEquals("DENIED", refused.header("X-Mcptrace-Decision"));
        assertNull(refused.header("Location"), "never a redirect to an unverified redirect URI");
        assertEquals("DENIED", entry(refused).getString("decision"), "a refusal is traced like any entry");

        Api.Response problem = forwardAuth(token, stranger, Map.of("Accept", "application/problem+json"));
        assertEquals(403, problem.status());
        assertTrue(problem.contentType().startsWith("application/problem+json"), problem.contentType());
        assertEquals("CLIENT_NO_MATCH", problem.json().getString("finding"));
        assertEquals(problem.header("X-Mcptrace-Entry"), problem.json().getString("entry"));
        assertEquals(403, problem.json().getInt("status"));

        // a page of the authorization server is never refused, whatever the mode
        assertEquals(200, forwardAuth(token, "/auth/" + marker, Map.of()).status());
        assertEquals(2, listed("enforce-" + marker).getJsonNumber("refused").longValue());

        // switched to observe, the same request goes through at once
        Api.Response changed = api.put("api/v1/gateways/" + gateway.getInt("id"), "{\"mode\":\"observe\"}");
        assertEquals(200, changed.status(), changed.toString());
        assertEquals("observe", changed.json().getString("mode"));
        assertEquals(200, forwardAuth(token, stranger, Map.of()).status());
    }

    @Test
    void trustedProxiesPickTheAddressTheFirstOfThemSaw() {
        String token = register("{\"name\":\"behind-cdn-" + marker + "\",\"trustedProxies\":1}");
        assertEquals(1, listed("behind-cdn-" + marker).getInt("trustedProxies"));
        String uri = "/authorize?" + query("ip-" + marker, 1);
        assertEquals("203.0.113.9", entry(forwardAuth(token, uri,
                Map.of("X-Forwarded-For", "198.51.100.1, 203.0.113.9, 10.0.0.1"))).getString("clientIp"));
        assertEquals("192.0.2.44", entry(forwardAuth(token, uri, Map.of("X-Real-IP", "192.0.2.44"))).getString("clientIp"));
        assertEquals("unknown", entry(forwardAuth(Api.GATEWAY_TOKEN, uri, Map.of("X-Forwarded-For", "unknown")))
                .getString("clientIp"), "what was there is shown, not refused");
        String peer = entry(forwardAuth(token, uri, Map.of())).getString("clientIp");
        assertTrue(peer.equals("127.0.0.1") || peer.contains(":"), "the caller's own address: " + peer);

        assertEquals(400, api.post("api/v1/gateways", "{\"name\":\"x" + marker + "\",\"trustedProxies\":11}").status());
        assertEquals(400, api.post("api/v1/gateways", "{\"name\":\"x" + marker + "\",\"mode\":\"block\"}").status());
        assertEquals("mode", api.post("api/v1/gateways", "{\"name\":\"x" + marker + "\",\"mode\":1}").json()
                .getString("field"));
        assertEquals(403, api.asViewer().put("api/v1/gateways/" + listed("behind-cdn-" + marker).getInt("id"),
                "{\"mode\":\"enforce\"}").status());
        assertEquals("observe", listed("behind-cdn-" + marker).getString("mode"));
    }

    @Test
    void theGatewaysScreenShowsForwardAuthAndChangesIt() {
        String name = "screen-" + marker;
        String token = register("{\"name\":\"" + name + "\"}");
        String stranger = "/authorize?response_type=code&client_id=s&redirect_uri=" + enc("https://evil.example.com/cb")
                + "&resource=" + enc(resource);
        assertEquals(200, forwardAuth(token, stranger, Map.of()).status());
        assertEquals(200, forwardAuth(token, "/auth/" + marker, Map.of()).status());
        ChromeDriver browser = Browser.start();
        try {
            Browser.signIn(browser, base, "operator", Api.OPERATOR_PASSWORD);
            browser.get(base.toExternalForm() + "gateways.xhtml");
            String text = row(browser, name).getText();
            assertTrue(text.contains("observe"), text);
            assertTrue(text.contains("1 passed · 0 refused"), text);
            assertFalse(text.contains("never"), "last seen: " + text);

            row(browser, name).findElement(By.cssSelector("[id$=':edit']")).click();
            Browser.waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("editForm:save")));
            browser.findElement(By.xpath("//*[@id='editForm:mode']//*[normalize-space(text())='enforce']")).click();
            WebElement proxies = browser.findElement(By.id("editForm:trustedProxies_input"));
            proxies.sendKeys(Keys.chord(Keys.CONTROL, "a"), "2");
            browser.findElement(By.id("editForm:save")).click();
            Browser.waitFor(browser)
                    .until(d -> row(browser, name).getText().contains("enforce"));
        } finally {
            browser.quit();
        }
        JsonObject listed = listed(name);
        assertEquals("enforce", listed.getString("mode"));
        assertEquals(2, listed.getInt("trustedProxies"));
        assertEquals(403, forwardAuth(token, stranger, Map.of()).status(), "the next call is enforced");
    }

    private static WebElement row(ChromeDriver browser, String name) {
        return Browser.waitFor(browser).until(d -> d
                .findElements(By.cssSelector("#list\\:table tbody tr")).stream()
                .filter(r -> r.getText().contains(name)).findFirst().orElse(null));
    }

    // ---------------------------------------------------------------- proxies that cannot run here, replayed

    /**
     * Envoy's ext_authz HTTP service: the original method, the original path and query after {@code path_prefix}, and
     * only Host, Content-Length (0, the body is not sent), Authorization when the client sent one, the headers
     * {@code allowed_headers} admits (x-forwarded-for here) and those of {@code headers_to_add} (the token).
     */
    @Test
    void envoyExtAuthzHttpServiceIsAnsweredFromThePathBelowThePrefix() throws Exception {
        String token = register("{\"name\":\"envoy-" + marker + "\",\"mode\":\"enforce\"}");
        allowThePair();
        Raw allowed = raw("GET " + context() + "/api/v1/forward-auth/authorize?" + query("envoy-" + marker, 61000)
                + " HTTP/1.1", "host: as.example.com", "content-length: 0",
                "authorization: Basic " + java.util.Base64.getEncoder().encodeToString("client:secret".getBytes()),
                "x-forwarded-for: 203.0.113.21", "x-mcptrace-token: " + token);
        assertEquals(200, allowed.status, allowed.toString());
        assertEquals("ALLOWED", allowed.header("x-mcptrace-decision"));
        JsonObject entry = entry(allowed.header("x-mcptrace-entry"));
        assertEquals("203.0.113.21", entry.getString("clientIp"));
        assertEquals("envoy-" + marker, entry.getString("gatewayId"));

        Raw denied = raw("GET " + context() + "/api/v1/forward-auth/authorize?response_type=code&client_id=e&redirect_uri="
                + enc("https://evil.example.com/cb") + "&resource=" + enc(resource) + " HTTP/1.1", "host: as.example.com",
                "content-length: 0", "x-forwarded-for: 203.0.113.21", "x-mcptrace-token: " + token);
        assertEquals(403, denied.status, "Envoy allows only exactly 200: " + denied);
        assertTrue(denied.body.contains("CLIENT_NO_MATCH"), denied.body);

        // the login form the authorization server posts back to itself: the original method, nothing to trace
        Raw form = raw("POST " + context() + "/api/v1/forward-auth/interaction/" + marker + "/login HTTP/1.1",
                "host: as.example.com", "content-length: 0", "x-forwarded-for: 203.0.113.21", "x-mcptrace-token: " + token);
        assertEquals(200, form.status, form.toString());
        assertNull(form.header("x-mcptrace-entry"));
        // every other original method, below the prefix and at it, is answered the same way
        for (String call : List.of("PUT /interaction/" + marker, "DELETE /session/" + marker, "PATCH ", "DELETE ")) {
            String[] methodAndPath = call.split(" ", 2);
            Raw other = raw(methodAndPath[0] + " " + context() + "/api/v1/forward-auth" + methodAndPath[1]
                    + " HTTP/1.1", "host: as.example.com", "content-length: 0", "x-mcptrace-token: " + token);
            assertEquals(200, other.status, call + ": " + other);
            assertNull(other.header("x-mcptrace-entry"), call);
        }
        Raw put = raw("PUT " + context() + "/api/v1/forward-auth/authorize?" + query("envoy-" + marker, 61001)
                + " HTTP/1.1", "host: as.example.com", "content-length: 0", "x-forwarded-for: 203.0.113.22",
                "x-mcptrace-token: " + token);
        assertEquals(200, put.status, "an authorization request comes by GET or POST, never PUT: " + put);
        assertNull(put.header("x-mcptrace-entry"), "the original method decides, not the one the call reached");

        Raw noToken = raw("GET " + context() + "/api/v1/forward-auth/authorize?" + query("envoy-" + marker, 1)
                + " HTTP/1.1", "host: as.example.com", "content-length: 0", "x-forwarded-for: 203.0.113.21");
        assertEquals(401, noToken.status, "headers_to_add forgotten: Envoy denies, failure_mode_allow does not apply");
    }

    /**
     * Traefik ForwardAuth: a GET to the fixed address, the client's own headers copied, X-Forwarded-Method, -Proto,
     * -Host, -Uri (path and query) and -For set by Traefik, and the token added by a {@code headers} middleware
     * before it.
     */
    @Test
    void traefikForwardAuthIsAnsweredFromXForwardedUri() throws Exception {
        String token = register("{\"name\":\"traefik-" + marker + "\",\"mode\":\"enforce\"}");
        String uri = "/authorize?response_type=code&client_id=t&redirect_uri=" + enc("https://evil.example.com/cb")
                + "&resource=" + enc(resource) + "&state=s1&code_challenge=abc&code_challenge_method=S256";
        Raw refused = raw("GET " + context() + "/api/v1/forward-auth HTTP/1.1", "Host: " + base.getHost() + ":" + base.getPort(),
                "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
                "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "Accept-Encoding: gzip",
                "Accept-Language: en-US,en;q=0.9", "Cookie: _interaction=abc; _session=def",
                "X-Forwarded-For: 203.0.113.30", "X-Forwarded-Host: as.example.com", "X-Forwarded-Method: GET",
                "X-Forwarded-Port: 443", "X-Forwarded-Proto: https", "X-Forwarded-Server: traefik-7d9f",
                "X-Forwarded-Uri: " + uri, "X-Real-Ip: 203.0.113.30", "X-Mcptrace-Token: " + token);
        assertEquals(403, refused.status, refused.toString());
        assertTrue(refused.header("content-type").startsWith("text/plain"), "a browser is shown text, not JSON");
        assertTrue(refused.body.contains("CLIENT_NO_MATCH"), refused.body);
        JsonObject entry = entry(refused.header("x-mcptrace-entry"));
        assertEquals("203.0.113.30", entry.getString("clientIp"));
        assertEquals("https://evil.example.com/cb", entry.getString("redirectUri"));
        assertEquals("t", entry.getString("clientId"));

        Raw page = raw("GET " + context() + "/api/v1/forward-auth HTTP/1.1", "Host: " + base.getHost() + ":" + base.getPort(),
                "X-Forwarded-For: 203.0.113.30", "X-Forwarded-Host: as.example.com", "X-Forwarded-Method: GET",
                "X-Forwarded-Proto: https", "X-Forwarded-Uri: /interaction/" + marker, "X-Mcptrace-Token: " + token);
        assertEquals(200, page.status, page.toString());
    }

    /**
     * agentgateway's extAuthz in http mode: the original method, the path its CEL expression builds
     * ({@code "/api/v1/forward-auth" + request.pathAndQuery}), only Authorization of the client's headers, and those of
     * {@code addRequestHeaders} (the token, and {@code source.address} as x-forwarded-for).
     */
    @Test
    void agentgatewayExtAuthzHttpIsAnsweredFromThePathBelowThePrefix() throws Exception {
        String token = register("{\"name\":\"agw-" + marker + "\"}");
        Raw answer = raw("GET " + context() + "/api/v1/forward-auth/authorize?" + query("agw-" + marker, 62000) + " HTTP/1.1",
                "host: " + base.getHost() + ":" + base.getPort(), "x-mcptrace-token: " + token,
                "x-forwarded-for: 203.0.113.40");
        assertEquals(200, answer.status, answer.toString());
        assertEquals("DENIED", answer.header("x-mcptrace-decision"), "observe: denied, and let through");
        JsonObject entry = entry(answer.header("x-mcptrace-entry"));
        assertEquals("203.0.113.40", entry.getString("clientIp"));
        assertEquals("agw-" + marker, entry.getString("gatewayId"));
        assertEquals("agw-" + marker, entry.getString("clientId"));
    }

    // ---------------------------------------------------------------- helpers

    private String query(String clientId, int port) {
        return "response_type=code&client_id=" + enc(clientId) + "&redirect_uri="
                + enc(redirectUri.replace("127.0.0.1/", "127.0.0.1:" + port + "/")) + "&resource=" + enc(resource)
                + "&state=st&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";
    }

    private void allowThePair() {
        if (api.get("api/v1/access-policies").body().contains("Claude to Docs " + marker)) {
            return;
        }
        int client = api.post("api/v1/client-workloads", "{\"name\":\"Claude " + marker + "\",\"redirectUris\":[\""
                + redirectUri + "\"],\"active\":true}").json().getInt("id");
        int server = api.post("api/v1/server-workloads", "{\"name\":\"Docs " + marker + "\",\"resourceUrl\":\""
                + resource + "\",\"active\":true}").json().getInt("id");
        Api.Response policy = api.post("api/v1/access-policies", "{\"name\":\"Claude to Docs " + marker
                + "\",\"clientWorkloadId\":" + client + ",\"serverWorkloadId\":" + server + ",\"active\":true}");
        assertEquals(201, policy.status(), policy.toString());
    }

    private String register(String json) {
        Api.Response registered = api.post("api/v1/gateways", json);
        assertEquals(201, registered.status(), registered.toString());
        return registered.json().getString("token");
    }

    private JsonObject listed(String name) {
        JsonArray gateways = api.get("api/v1/gateways").array();
        return gateways.stream().map(v -> v.asJsonObject()).filter(g -> name.equals(g.getString("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not listed: " + gateways));
    }

    private Api.Response forwardAuth(String token, String originalUri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri("api/v1/forward-auth")).GET()
                .header("X-Forwarded-Uri", originalUri).header("X-Forwarded-Method", "GET");
        if (token != null) {
            request.header("X-Mcptrace-Token", token);
        }
        headers.forEach(request::setHeader);
        // no credentials of the test client's own: only what a proxy would send
        return api.anonymous().send(request);
    }

    private JsonObject entry(Api.Response answer) {
        String id = answer.header("X-Mcptrace-Entry");
        assertNotNull(id, "traced answers name their entry: " + answer);
        return entry(id);
    }

    private JsonObject entry(String id) {
        Api.Response entry = api.get("api/v1/traces/" + id);
        assertEquals(200, entry.status(), entry.toString());
        return entry.json();
    }

    private String metrics() {
        try {
            URI metrics = new URL(base.getProtocol(), base.getHost(), base.getPort(), "/metrics").toURI();
            return api.anonymous().send(HttpRequest.newBuilder(metrics).header("Accept", "text/plain").GET()).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String context() {
        String path = base.getPath();
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** An answer read off the socket: status, headers by lower-case name, body (chunked or not). */
    record Raw(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Writes the request line and headers exactly as given, then reads the whole answer. */
    private Raw raw(String requestLine, String... headers) throws Exception {
        StringBuilder request = new StringBuilder(requestLine).append("\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        request.append("connection: close\r\n\r\n");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> parsed = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                parsed.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
            String body = text.substring(end + 4);
            if ("chunked".equalsIgnoreCase(parsed.get("transfer-encoding"))) {
                body = unchunked(body);
            }
            return new Raw(Integer.parseInt(lines[0].split(" ")[1]), parsed, body);
        }
    }

    private static String unchunked(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).split(";")[0].strip(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }
}
