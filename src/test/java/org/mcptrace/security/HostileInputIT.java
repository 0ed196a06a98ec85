package org.mcptrace.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mcptrace.testing.Api;
import org.mcptrace.testing.Browser;
import org.mcptrace.testing.Deployments;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Hostile strings in every place an operator or gateway can put text, then every screen, dialog, export and the
 * stream: all of it is shown as text and nothing runs. The page checks are about escaping, not only the CSP: an
 * injected element would be found in the DOM even if the CSP stopped its script.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HostileInputIT {

    static final String SCRIPT = "\"><script>window.__pwned=1</script>";
    static final String IMG = "<img src=x onerror=window.__pwned=2>";
    static final String JS = "javascript:window.__pwned=3";
    static final String RLO = "\u202Egnp.exe";
    static final String CONTROL = "bell\u0007nul\u0000esc\u001b";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @ArquillianResource
    URL base;

    Api api;
    ChromeDriver browser;
    String marker;

    @BeforeEach
    void open() {
        api = new Api(base);
        marker = "hx" + System.nanoTime();
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void hostileStringsAreTextEverywhere() {
        String clientName = marker + "c" + SCRIPT;
        String serverName = marker + "s" + IMG;
        String policyName = marker + "p" + SCRIPT + RLO;
        String longDescription = IMG + JS + RLO + "d".repeat(1900);
        JsonObject client = created(api.post("api/v1/client-workloads", json(Json.createObjectBuilder().add("name", clientName)
                .add("description", longDescription).add("redirectUris", Json.createArrayBuilder()
                        .add("https://" + marker + ".example/cb?next=%22%3E%3Cscript%3Ewindow.__pwned%3D4%3C%2Fscript%3E")))));
        JsonObject server = created(api.post("api/v1/server-workloads", json(Json.createObjectBuilder().add("name", serverName)
                .add("description", SCRIPT + CONTROL).add("resourceUrl", "https://" + marker + ".example/mcp"))));
        created(api.post("api/v1/access-policies", json(Json.createObjectBuilder().add("name", policyName)
                .add("clientWorkloadId", client.getJsonNumber("id").longValue())
                .add("serverWorkloadId", server.getJsonNumber("id").longValue()))));
        String gatewayName = marker + "g" + IMG;
        String token = created(api.post("api/v1/gateways", json(Json.createObjectBuilder().add("name", gatewayName)))).getString("token");

        Api gateway = api.withBearer(token);
        String eightK = SCRIPT + "k".repeat(8 * 1024 - SCRIPT.length());
        String hostileRequestId = "=HYPERLINK(\"http://evil.example\")" + CONTROL + "\n\ndata: {\"forged\":true}\n\n" + RLO;
        created(gateway.post("api/v1/authorization-requests", json(Json.createObjectBuilder().add("clientIp", "203.0.113.66")
                .add("redirectUri", JS + "//" + SCRIPT).add("resource", "https://" + marker + ".example/" + IMG)
                .add("clientId", SCRIPT + CONTROL).add("requestId", eightK))));
        created(gateway.post("api/v1/authorization-requests", json(Json.createObjectBuilder().add("clientIp", "203.0.113.67")
                .add("redirectUri", "https://" + marker + ".example/cb?next=%22%3E%3Cscript%3Ewindow.__pwned%3D4%3C%2Fscript%3E")
                .add("resource", "https://" + marker + ".example/mcp").add("requestId", hostileRequestId))));

        browser = Browser.start();
        Browser.signIn(browser, base, "operator", Api.OPERATOR_PASSWORD);

        // the tracing grid, every row expanded, and the re-evaluation dialog
        browser.get(base.toExternalForm() + "?q=" + marker);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> rows().size() == 2);
        assertHarmless("tracing grid");
        for (int i = 0; i < 2; i++) {
            int row = i;
            new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class).until(d -> {
                rows().get(row).findElement(By.cssSelector(".ui-row-toggler")).click();
                return true;
            });
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector(".mt-expansion")).size() > row);
        }
        String page = browser.findElement(By.tagName("body")).getText();
        assertTrue(page.contains(JS + "//" + SCRIPT), "the redirect URI reads as typed");
        assertTrue(page.contains(gatewayName), "the gateway name reads as typed");
        assertTrue(page.contains(clientName) && page.contains(serverName) && page.contains(policyName), page);
        assertHarmless("expanded rows");
        browser.findElements(By.cssSelector(".mt-reevaluate")).get(0).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("compare:content")));
        assertHarmless("re-evaluation dialog");

        // configuration screens, their editors, the gateways and the audit trail
        for (String screen : List.of("client-workloads.xhtml", "server-workloads.xhtml", "access-policies.xhtml")) {
            browser.get(base.toExternalForm() + screen);
            WebElement row = new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("#list\\:table tbody tr"))
                    .stream().filter(r -> r.getText().contains(marker)).findFirst().orElse(null));
            assertHarmless(screen);
            row.findElement(By.cssSelector("[id$=':edit']")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("editorForm:name")));
            assertTrue(browser.findElement(By.id("editorForm:name")).getAttribute("value").contains(marker));
            assertHarmless(screen + " editor");
            row.findElement(By.cssSelector("[id$=':delete']"));
        }
        browser.get(base.toExternalForm() + "client-workloads.xhtml");
        assertTrue(browser.findElement(By.tagName("body")).getText().contains(clientName));
        browser.get(base.toExternalForm() + "gateways.xhtml");
        assertTrue(browser.findElement(By.tagName("body")).getText().contains(gatewayName));
        assertHarmless("gateways");
        browser.get(base.toExternalForm() + "audit.xhtml");
        assertTrue(browser.findElement(By.tagName("body")).getText().contains(policyName));
        assertHarmless("audit");

        // exports carry the strings as data
        Api.Response csv = api.send(HttpRequest.newBuilder(api.uri("api/v1/traces/export?format=csv&q=" + marker))
                .header("Accept", "text/csv").GET());
        assertEquals(200, csv.status());
        assertEquals("nosniff", csv.header("X-Content-Type-Options"));
        assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
        assertTrue(csv.body().contains("\"'=HYPERLINK(\"\"http://evil.example\"\")"), "a formula is defused: " + csv.body());
        JsonArray exported = api.get("api/v1/traces/export?format=json&q=" + marker).array();
        assertTrue(exported.stream().anyMatch(e -> eightK.equals(e.asJsonObject().getString("requestId", null))),
                "the 8 KiB value survives intact");
        assertTrue(exported.stream().anyMatch(e -> hostileRequestId.equals(e.asJsonObject().getString("requestId", null))),
                "control characters and line breaks survive intact, as JSON escapes");
    }

    @Test
    void theStreamCarriesHostileStringsAsOneJsonEvent() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<java.io.InputStream> response = http.send(HttpRequest.newBuilder(api.uri("api/v1/traces/stream?q=" + marker))
                .header("Accept", "text/event-stream").header("Authorization", api.authorization()).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        String requestId = "line\n\ndata: {\"forged\":true}\nevent: trace\r\n" + SCRIPT + CONTROL + RLO;
        CompletableFuture<Void> opened = new CompletableFuture<>();
        CompletableFuture<String> data = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    // the opening comment: the server has fixed where this client starts reading
                    opened.complete(null);
                    if (line.startsWith("data:")) {
                        return line.substring(5).strip();
                    }
                }
                return null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        opened.get(10, TimeUnit.SECONDS);
        created(api.post("api/v1/authorization-requests", json(Json.createObjectBuilder().add("clientIp", "203.0.113.68")
                .add("resource", "https://" + marker + ".example/" + IMG).add("requestId", requestId))));
        String first = data.get(10, TimeUnit.SECONDS);
        JsonObject event = Json.createReader(new StringReader(first)).readObject();
        assertEquals(requestId, event.getString("requestId"), "one data line, the value intact");
        assertFalse(first.contains("\n"));
        response.body().close();
    }

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#traces\\:grid tbody tr.mt-row"));
    }

    private void assertHarmless(String where) {
        JavascriptExecutor js = browser;
        assertEquals(Boolean.TRUE, js.executeScript("return typeof window.__pwned === 'undefined';"), where + ": a script ran");
        assertEquals(0L, js.executeScript("return document.querySelectorAll('img[src=\"x\"], img[onerror]').length;"),
                where + ": an injected element exists");
        // PrimeFaces' own (nonce'd) scripts may carry the strings as escaped JavaScript string data; an injected
        // element would be a script whose code is the payload itself
        assertEquals(0L, js.executeScript("return Array.from(document.scripts).filter(s => /^\\s*window\\.__pwned/.test(s.textContent)"
                + " || (!s.nonce && !s.src && s.textContent.includes('__pwned'))).length;"), where + ": an injected script exists");
        assertEquals(0L, js.executeScript("return document.querySelectorAll('a[href^=\"javascript:\"]').length;"),
                where + ": a javascript: link exists");
    }

    private static String json(jakarta.json.JsonObjectBuilder builder) {
        return builder.build().toString();
    }

    private static JsonObject created(Api.Response response) {
        assertEquals(201, response.status(), response.toString());
        return response.json();
    }
}
