package org.mcptrace.interfaces.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator's loop in a real browser: a denied request appears live, a quick fix opens the editor prefilled, the
 * operator confirms, re-evaluation turns the entry Info, and the client's retry is Info under a newer revision.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class QuickFixIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @ArquillianResource
    URL base;

    ChromeDriver browser;
    Api api;
    String run;

    @BeforeEach
    void open() {
        api = new Api(base);
        run = Long.toString(System.nanoTime(), 36);
        browser = Browser.start();
        Browser.signIn(browser, base, "operator", Api.OPERATOR_PASSWORD);
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    private long create(String path, JsonObject body) {
        Api.Response created = api.post(path, body.toString());
        assertEquals(201, created.status(), created.toString());
        return created.json().getJsonNumber("id").longValue();
    }

    private long client(String name, boolean active, String uri) {
        return create("api/v1/client-workloads", Json.createObjectBuilder().add("name", name + " " + run)
                .add("redirectUris", Json.createArrayBuilder().add(uri)).add("active", active).build());
    }

    private long server(String name, boolean active, String url) {
        return create("api/v1/server-workloads", Json.createObjectBuilder().add("name", name + " " + run)
                .add("resourceUrl", url).add("active", active).build());
    }

    private void policy(long client, long server, boolean active) {
        create("api/v1/access-policies", Json.createObjectBuilder().add("name", "Policy " + run + " " + client)
                .add("clientWorkloadId", client).add("serverWorkloadId", server).add("active", active).build());
    }

    private JsonObject report(String redirectUri, String resource) {
        return report(redirectUri, resource, null);
    }

    private JsonObject report(String redirectUri, String resource, String clientId) {
        var body = Json.createObjectBuilder().add("clientIp", "203.0.113.44").add("redirectUri", redirectUri)
                .add("resource", resource);
        if (clientId != null) {
            body.add("clientId", clientId);
        }
        Api.Response created = api.post("api/v1/authorization-requests", body.build().toString());
        assertEquals(201, created.status(), created.toString());
        return created.json();
    }

    private <T> T waitUntil(Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(10), Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** Opens the newest row of this run, applies the fix whose label starts as given, confirms, re-evaluates. */
    private String applyFix(String label, String typedName) {
        browser.get(base.toExternalForm() + "?q=" + run);
        waitUntil(d -> !d.findElements(By.cssSelector("#traces\\:grid tbody tr.mt-row")).isEmpty());
        waitUntil(d -> {
            d.findElements(By.cssSelector("#traces\\:grid tbody tr.mt-row .ui-row-toggler")).get(0).click();
            return true;
        });
        // opening a row re-renders the held grid once (live.js toggled()), which may replace the button found first
        waitUntil(d -> {
            WebElement fix = d.findElements(By.cssSelector(".mt-fix")).stream()
                    .filter(a -> a.getText().startsWith(label)).findFirst().orElse(null);
            if (fix == null) {
                return null;
            }
            fix.click();
            return true;
        });
        WebElement name = waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("editorForm:name")));
        if (typedName != null) {
            name.clear();
            name.sendKeys(typedName + " " + run);
        }
        browser.findElement(By.id("editorForm:save")).click();
        waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.id("editorForm:name")));
        assertTrue(browser.findElement(By.id("list:messages")).getText().contains("saved"));
        browser.findElement(By.id("backToTrace")).click();
        return waitUntil(d -> d.findElement(By.id("compare:newSeverity")).getText());
    }

    @Test
    void aMissingPolicyIsCreatedFromTheEntryAndTheRetryIsInfo() {
        long code = client("Claude Code", true, "http://127.0.0.1/callback/" + run);
        long docs = server("Docs", true, "https://docs." + run + ".example/mcp");
        browser.get(base.toExternalForm() + "?q=" + run);
        waitUntil(d -> d.findElement(By.id("connection")).getText().startsWith("Live"));
        JsonObject denied = report("http://127.0.0.1:53682/callback/" + run, "https://docs." + run + ".example/mcp");
        assertEquals("ERROR", denied.getString("severity"));
        // the row's text is read inside the wait: a render of the grid (the socket opening after "Live") may replace it
        String row = waitUntil(d -> d.findElements(By.cssSelector("#traces\\:grid tbody tr.mt-row")).stream()
                .map(WebElement::getText).filter(text -> text.contains("No Access Policy connects")).findFirst().orElse(null));
        assertTrue(row.contains("Claude Code " + run) && row.contains("Docs " + run), row);

        assertEquals("Info", applyFix("Create the Access Policy", null));
        JsonObject retried = report("http://127.0.0.1:53682/callback/" + run, "https://docs." + run + ".example/mcp");
        assertEquals("INFO", retried.getString("severity"));
        assertTrue(retried.getJsonNumber("configRevision").longValue() > denied.getJsonNumber("configRevision").longValue());
        assertEquals("Claude Code " + run + " to Docs " + run, retried.getJsonObject("accessPolicy").getString("name"),
                "the policy editor suggested the name");
        assertTrue(code > 0 && docs > 0);
    }

    @Test
    void aNearMissRedirectUriIsAddedToItsWorkload() {
        long code = client("CLI", true, "http://127.0.0.1/cb/" + run);
        long docs = server("Docs", true, "https://docs." + run + ".example/mcp");
        policy(code, docs, true);
        report("http://localhost:5555/cb/" + run, "https://docs." + run + ".example/mcp");
        assertEquals("Info", applyFix("Add this redirect URI to Client Workload 'CLI " + run + "'", null));
        JsonObject workload = api.get("api/v1/client-workloads/" + code).json();
        assertEquals(2, workload.getJsonArray("redirectUris").size(), workload.toString());
    }

    @Test
    void newWorkloadsThenTheirPolicyTurnAnUnknownPairInfo() {
        report("https://app." + run + ".example/cb", "https://tools." + run + ".example/mcp");
        assertEquals("Error", applyFix("Create a Client Workload with this redirect URI", "App"));
        assertEquals("Error", applyFix("Create a Server Workload for this resource", "Tools"));
        assertEquals("Info", applyFix("Create the Access Policy", null));
    }

    @Test
    void inactiveObjectsAreActivatedFromTheEntry() {
        long code = client("Sleepy", false, "https://sleepy." + run + ".example/cb");
        long docs = server("Parked", false, "https://parked." + run + ".example/mcp");
        policy(code, docs, false);
        report("https://sleepy." + run + ".example/cb", "https://parked." + run + ".example/mcp");
        assertEquals("Error", applyFix("Activate Client Workload", null));
        assertEquals("Error", applyFix("Activate Server Workload", null));
        assertEquals("Info", applyFix("Activate Access Policy", null));
    }

    @Test
    void aNonCanonicalResourceIsRegisteredExactly() {
        long code = client("Exact", true, "https://exact." + run + ".example/cb");
        long docs = server("Canon", true, "https://canon." + run + ".example/mcp");
        policy(code, docs, true);
        JsonObject warned = report("https://exact." + run + ".example/cb", "https://canon." + run + ".example/mcp/");
        assertEquals("WARNING", warned.getString("severity"));
        assertEquals("Info", applyFix("Register this exact resource", null));
    }

    // ------------------------------------------------------------------ step 2a: client IDs

    private long client(String name, String uri, String clientId) {
        return create("api/v1/client-workloads", Json.createObjectBuilder().add("name", name + " " + run)
                .add("redirectUris", Json.createArrayBuilder().add(uri))
                .add("clientIds", Json.createArrayBuilder().add(clientId)).build());
    }

    private List<String> clientIds(long workload) {
        return api.get("api/v1/client-workloads/" + workload).json().getJsonArray("clientIds")
                .getValuesAs(JsonString::getString);
    }

    @Test
    void aWorkloadPinningAnotherClientIdLearnsThisOneFromTheEntry() {
        String pinned = "https://claude.ai/oauth/claude-code-client-metadata/" + run;
        String other = "https://cli." + run + ".example/oauth/client-metadata.json";
        long code = client("Claude Code", "http://127.0.0.1/callback/" + run, pinned);
        long docs = server("Docs", true, "https://docs." + run + ".example/mcp");
        policy(code, docs, true);
        JsonObject denied = report("http://127.0.0.1:53682/callback/" + run, "https://docs." + run + ".example/mcp",
                other);
        assertEquals("ERROR", denied.getString("severity"));
        assertEquals("CLIENT_ID_NOT_REGISTERED", denied.getJsonArray("findings").getJsonObject(0).getString("code"));

        // the Why panel shows step 2a with the finding, and the client ID beside the pinned one
        browser.get(base.toExternalForm() + "?q=" + run);
        waitUntil(d -> {
            d.findElements(By.cssSelector("#traces\\:grid tbody tr.mt-row .ui-row-toggler")).get(0).click();
            return true;
        });
        String why = waitUntil(d -> d.findElements(By.cssSelector(".mt-why")).stream().map(WebElement::getText)
                .filter(text -> text.contains("2a. Client ID → Client Workload")).findFirst().orElse(null));
        assertTrue(why.contains("CLIENT_ID_NOT_REGISTERED") && why.contains(pinned) && why.contains(other), why);

        assertEquals("Info", applyFix("Add this client ID to Client Workload 'Claude Code " + run + "'", null));
        assertEquals(List.of(pinned, other), clientIds(code));

        // the client's retry, pushed live: the grid says the client ID identified the workload
        browser.get(base.toExternalForm() + "?q=" + run);
        waitUntil(d -> d.findElement(By.id("connection")).getText().startsWith("Live"));
        JsonObject retried = report("http://127.0.0.1:53999/callback/" + run, "https://docs." + run + ".example/mcp",
                other);
        assertEquals("INFO", retried.getString("severity"));
        assertEquals("CLIENT_ID", retried.getJsonObject("clientWorkload").getString("rule"));
        // the row's text is read inside the wait: the push may redraw the rows between finding one and reading it
        String row = waitUntil(d -> d.findElements(By.cssSelector("#traces\\:grid tbody tr.mt-row")).stream()
                .map(WebElement::getText).filter(text -> text.contains("53999")).findFirst().orElse(null));
        assertTrue(row.contains("Claude Code " + run) && row.contains("by client ID " + other), row);
        // and so does the server's own rendering of the same rows
        browser.navigate().refresh();
        String rendered = waitUntil(d -> d.findElements(By.cssSelector("#traces\\:grid tbody tr.mt-row")).stream()
                .map(WebElement::getText).filter(text -> text.contains("53999")).findFirst().orElse(null));
        assertTrue(rendered.contains("by client ID " + other), rendered);
    }

    @Test
    void aClientIsIdentifiedByItsClientIdFromAnEntry() {
        long loopback = client("Loopback", true, "http://localhost/cb/" + run);
        long docs = server("Docs", true, "https://docs." + run + ".example/mcp");
        policy(loopback, docs, true);
        String resource = "https://docs." + run + ".example/mcp";
        assertEquals("INFO", report("http://localhost:6000/cb/" + run, resource, "gemini-" + run).getString("severity"));

        assertEquals("Info", applyFix("Identify this client by its client ID: add it to Client Workload 'Loopback "
                + run + "'", null));
        assertEquals(List.of("gemini-" + run), clientIds(loopback));
        // the workload now pins it: another client on the same loopback URI no longer passes as this one
        JsonObject impostor = report("http://localhost:6001/cb/" + run, resource, "other-" + run);
        assertEquals("CLIENT_ID_NOT_REGISTERED", impostor.getJsonArray("findings").getJsonObject(0).getString("code"));

        // nothing matched: a new workload identified by the client ID, with the redirect URI it came with
        report("https://app." + run + ".example/cb", resource, "app-" + run);
        assertEquals("Error", applyFix("Identify this client by its client ID: create a Client Workload", "App"));
        JsonObject created = api.get("api/v1/client-workloads").array().stream().map(JsonObject.class::cast)
                .filter(w -> ("App " + run).equals(w.getString("name"))).findFirst().orElseThrow();
        assertEquals(List.of("app-" + run), created.getJsonArray("clientIds").getValuesAs(JsonString::getString));
        assertEquals(List.of("https://app." + run + ".example/cb"),
                created.getJsonArray("redirectUris").getValuesAs(JsonString::getString));
    }
}
