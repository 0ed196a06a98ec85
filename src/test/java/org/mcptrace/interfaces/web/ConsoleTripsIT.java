package org.mcptrace.interfaces.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Where an operator new to the console tripped: the search box, filters across a quick fix, a viewer's quick-fix
 * link, long names, the editors' messages, the favicon, and the screens at 1280×800 and by keyboard alone.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsoleTripsIT {

    private static final String NAME_TOO_LONG = "The name is longer than 200 characters.";

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
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    // ------------------------------------------------------------------ 1. the search box

    @Test
    void enterInTheSearchBoxKeepsTheSearch() {
        signIn("operator", Api.OPERATOR_PASSWORD);
        live("");
        WebElement q = browser.findElement(By.id("live:q"));
        q.sendKeys(run);
        waitUntil(d -> d.getCurrentUrl().contains("q=" + run));
        ((JavascriptExecutor) browser).executeScript("window.mcptraceSameDocument = true;");

        browser.findElement(By.id("live:q")).sendKeys(Keys.ENTER);
        report("192.0.2.90", "https://claude.ai/api/mcp/auth_callback", "https://" + run + ".example/mcp");
        report("192.0.2.91", "https://claude.ai/api/mcp/auth_callback", "https://unrelated.example/mcp");
        waitUntil(d -> rows().size() == 1);
        idle();
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.mcptraceSameDocument === true"),
                "Enter submitted the form and reloaded the page");
        assertEquals(run, browser.findElement(By.id("live:q")).getAttribute("value"));
        assertTrue(browser.getCurrentUrl().contains("q=" + run), browser.getCurrentUrl());
        assertTrue(rows().get(0).contains("192.0.2.90"), rows().toString());
    }

    @Test
    void enterInATableFilterFiltersAndOpensNothing() {
        String name = "Filtered " + run;
        created(api.post("api/v1/client-workloads", client(name, "https://" + run + ".example/cb")));
        signIn("operator", Api.OPERATOR_PASSWORD);
        screen("client-workloads.xhtml");
        WebElement filter = browser.findElement(By.cssSelector("[id='list:table:nameCol'] input.ui-column-filter"));
        filter.sendKeys(run, Keys.ENTER);
        waitUntil(d -> tableRows().size() == 1 && tableRows().get(0).contains(name));
        idle();
        assertFalse(browser.findElement(By.id("editor")).isDisplayed(), "Enter opened the New dialog");
        assertEquals(run, browser.findElement(By.cssSelector("[id='list:table:nameCol'] input.ui-column-filter")).getAttribute("value"));
    }

    // ------------------------------------------------------------------ 2. filters across a fix

    @Test
    void theOperatorReturnsToTheFilteredViewAfterAFix() {
        signIn("operator", Api.OPERATOR_PASSWORD);
        live("?severity=ERROR&q=" + run);
        report("192.0.2.92", "https://app." + run + ".example/cb", "https://tools." + run + ".example/mcp");
        waitUntil(d -> rows().size() == 1);
        browser.findElement(By.cssSelector("#traces\\:grid tbody tr.mt-row .ui-row-toggler")).click();
        clickFix("Create a Client Workload with this redirect URI");
        WebElement name = waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("editorForm:name")));
        name.sendKeys("App " + run);
        browser.findElement(By.id("editorForm:save")).click();
        waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.id("editorForm:name")));
        browser.findElement(By.id("backToTrace")).click();

        assertEquals("Error", waitUntil(d -> d.findElement(By.id("compare:newSeverity")).getText()));
        assertEquals(run, browser.findElement(By.id("live:q")).getAttribute("value"));
        assertEquals("Error", browser.findElement(By.cssSelector("#live\\:severity .ui-state-active")).getText());
        String url = browser.getCurrentUrl();
        assertTrue(url.contains("q=" + run) && url.contains("severity=ERROR"), url);
        assertFalse(url.contains("reEvaluate"), "a reload must not re-evaluate again: " + url);
        // the re-evaluation is an Error too, so the filtered grid holds the original and its re-evaluation
        waitUntil(d -> rows().size() == 2);
    }

    // ------------------------------------------------------------------ 3. a viewer and the quick-fix links

    @Test
    void aViewerFollowingAQuickFixLinkGetsNoForm() {
        long clientId = id(api.post("api/v1/client-workloads", client("Viewer client " + run, "https://v." + run + ".example/cb")));
        long serverId = id(api.post("api/v1/server-workloads", server("Viewer server " + run, "https://v." + run + ".example/mcp")));
        String entry = report("192.0.2.93", "https://v." + run + ".example/cb", "https://v." + run + ".example/mcp").getString("id");
        signIn("viewer", Api.VIEWER_PASSWORD);
        for (String link : List.of(
                "client-workloads.xhtml?edit=" + clientId + "&addRedirectUri=https%3A%2F%2Fw." + run + ".example%2Fcb&trace=" + entry,
                "client-workloads.xhtml?create=true&redirectUri=https%3A%2F%2Fx." + run + ".example%2Fcb&trace=" + entry,
                "client-workloads.xhtml?edit=" + clientId + "&activate=true&trace=" + entry,
                "server-workloads.xhtml?create=true&resourceUrl=https%3A%2F%2Fx." + run + ".example%2Fmcp&trace=" + entry,
                "server-workloads.xhtml?edit=" + serverId + "&resourceUrl=https%3A%2F%2Fy." + run + ".example%2Fmcp&trace=" + entry,
                "access-policies.xhtml?create=true&clientWorkloadId=" + clientId + "&serverWorkloadId=" + serverId + "&trace=" + entry)) {
            screen(link);
            assertTrue(browser.findElements(By.cssSelector("[id='editorForm:save'], [id='editorForm:name']")).isEmpty(),
                    "a viewer was given a form: " + link);
            assertTrue(browser.findElements(By.cssSelector(".ui-dialog.ui-overlay-visible")).isEmpty(), link);
            assertTrue(browser.findElements(By.id("backToTrace")).isEmpty(), "no invitation to save and re-evaluate: " + link);
            String note = browser.findElement(By.cssSelector(".mt-fromtrace")).getText();
            assertTrue(note.contains("operator"), note);
        }
        screenshot("access-policies-viewer-from-trace");
        // nor does the way back re-evaluate for a viewer: that adds an entry to everyone's live view
        browser.get(base.toExternalForm() + "?reEvaluate=" + entry + "&q=" + run);
        waitUntil(d -> !d.findElements(By.id("connection")).isEmpty());
        assertTrue(browser.findElements(By.cssSelector("#compareDialog.ui-overlay-visible")).isEmpty());
        assertTrue(api.get("api/v1/traces?q=" + run).array().getValuesAs(JsonObject.class).stream()
                .noneMatch(e -> e.containsKey("reEvaluationOf") && !e.isNull("reEvaluationOf")), "re-evaluated for a viewer");
    }

    // ------------------------------------------------------------------ 4. long names

    @Test
    void theEditorsSayANameIsTooLongInsteadOfCuttingIt() {
        String longName = "N" + "x".repeat(200);
        signIn("operator", Api.OPERATOR_PASSWORD);

        screen("client-workloads.xhtml");
        openNew();
        type("editorForm:name", longName);
        type("editorForm:redirectUris", "https://long." + run + ".example/cb");
        save();
        assertEquals(NAME_TOO_LONG, fieldMessage("editorForm:nameMessage"));
        assertEquals(201, browser.findElement(By.id("editorForm:name")).getAttribute("value").length(), "the name was cut");

        screen("server-workloads.xhtml");
        openNew();
        type("editorForm:name", longName);
        type("editorForm:resourceUrl", "https://long." + run + ".example/mcp");
        save();
        assertEquals(NAME_TOO_LONG, fieldMessage("editorForm:nameMessage"));

        screen("access-policies.xhtml");
        openNew();
        type("editorForm:name", longName);
        save();
        assertEquals(NAME_TOO_LONG, fieldMessage("editorForm:nameMessage"));
        // the same words as the API
        Api.Response refused = api.post("api/v1/server-workloads", server(longName, "https://api." + run + ".example/mcp"));
        assertEquals(400, refused.status(), refused.toString());
        assertEquals(NAME_TOO_LONG, refused.json().getString("detail"));
    }

    @Test
    void longNamesWrapInTheTables() {
        String clientName = "C" + run + "y".repeat(199 - run.length());
        String serverName = "S" + run + "z".repeat(199 - run.length());
        String policyName = "P" + run + "w".repeat(199 - run.length());
        String uri = "https://" + "a".repeat(60) + "." + "b".repeat(60) + "." + run + ".example/" + "c".repeat(300);
        long clientId = id(api.post("api/v1/client-workloads", client(clientName, uri)));
        long serverId = id(api.post("api/v1/server-workloads", server(serverName, "https://long." + run + ".example/mcp")));
        created(api.post("api/v1/access-policies", Json.createObjectBuilder().add("name", policyName)
                .add("clientWorkloadId", clientId).add("serverWorkloadId", serverId).build().toString()));
        signIn("operator", Api.OPERATOR_PASSWORD);
        browser.manage().window().setSize(new Dimension(1280, 800));

        for (String page : List.of("client-workloads.xhtml", "server-workloads.xhtml", "access-policies.xhtml")) {
            screen(page);
            browser.findElement(By.cssSelector("[id='list:table:nameCol'] input.ui-column-filter")).sendKeys(run);
            waitUntil(d -> tableRows().size() == 1);
            assertNothingOverflows(page);
        }
        live("?q=" + run);
        report("192.0.2.94", uri, "https://long." + run + ".example/mcp");
        waitUntil(d -> rows().size() == 1 && rows().get(0).contains(policyName));
        assertNothingOverflows("live traces");
        browser.navigate().refresh();
        waitUntil(d -> rows().size() == 1);
        assertNothingOverflows("live traces, rendered by the server");
    }

    private void assertNothingOverflows(String where) {
        idle();
        @SuppressWarnings("unchecked")
        List<String> overflowing = (List<String>) ((JavascriptExecutor) browser).executeScript(
                "var out = [];"
                        + "document.querySelectorAll('td').forEach(function (td) {"
                        + "  if (td.scrollWidth > td.clientWidth + 1) { out.push(td.textContent.trim().substring(0, 40)); } });"
                        + "if (document.documentElement.scrollWidth > window.innerWidth) { out.push('page ' + document.documentElement.scrollWidth); }"
                        + "return out;");
        assertTrue(overflowing.isEmpty(), where + ": runs past its column: " + overflowing);
    }

    // ------------------------------------------------------------------ 5. every problem at once

    @Test
    void anEmptyFormShowsEveryFieldsProblemAtOnce() {
        signIn("operator", Api.OPERATOR_PASSWORD);
        browser.manage().window().setSize(new Dimension(1280, 800));

        screen("client-workloads.xhtml");
        openNew();
        save();
        assertEquals("A name is required.", fieldMessage("editorForm:nameMessage"));
        assertEquals("At least one redirect URI or client ID is required.", fieldMessage("editorForm:redirectUrisMessage"));
        screenshot("client-workloads-editor-errors");
        // and a malformed URI together with a missing name
        type("editorForm:redirectUris", "https://ok." + run + ".example/cb\nhttp://evil.example/" + run);
        save();
        assertEquals("A name is required.", fieldMessage("editorForm:nameMessage"));
        assertTrue(fieldMessage("editorForm:redirectUrisMessage").startsWith("Line 2: "), fieldMessage("editorForm:redirectUrisMessage"));

        screen("server-workloads.xhtml");
        openNew();
        save();
        assertEquals("A name is required.", fieldMessage("editorForm:nameMessage"));
        assertEquals("A resource URL is required.", fieldMessage("editorForm:resourceUrlMessage"));

        screen("access-policies.xhtml");
        openNew();
        save();
        assertEquals("A name is required.", fieldMessage("editorForm:nameMessage"));
        assertEquals("Choose a Client Workload.", fieldMessage("editorForm:clientWorkloadMessage"));
        assertEquals("Choose a Server Workload.", fieldMessage("editorForm:serverWorkloadMessage"));
    }

    // ------------------------------------------------------------------ 6. messages belong to their action

    @Test
    void aSavedMessageDoesNotOutliveItsAction() {
        signIn("operator", Api.OPERATOR_PASSWORD);
        screen("server-workloads.xhtml");
        openNew();
        type("editorForm:name", "Saved " + run);
        type("editorForm:resourceUrl", "https://saved." + run + ".example/mcp");
        save();
        waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.id("editor")));
        waitUntil(d -> d.findElement(By.id("list:messages")).getText().contains("saved"));

        openNew();
        assertFalse(browser.findElement(By.id("list:messages")).getText().contains("saved"),
                "the last action's message is still on screen: " + browser.findElement(By.id("list:messages")).getText());
        save();
        waitUntil(d -> !fieldMessage("editorForm:nameMessage").isEmpty());
        assertFalse(browser.findElement(By.id("list:messages")).getText().contains("saved"),
                "a failure looks like a success: " + browser.findElement(By.id("list:messages")).getText());

        // the same from an editor that was opened from a row
        browser.findElement(By.id("editorForm:cancel")).click();
        waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.id("editor")));
        idle();
        waitUntil(d -> d.findElement(By.cssSelector("button[title='Edit Saved " + run + "']"))).click();
        waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("editor")));
        idle();
        type("editorForm:name", "");
        save();
        assertEquals("A name is required.", fieldMessage("editorForm:nameMessage"));
        assertFalse(browser.findElement(By.id("list:messages")).getText().contains("saved"),
                browser.findElement(By.id("list:messages")).getText());
    }

    // ------------------------------------------------------------------ 8. the favicon

    @Test
    void everyoneGetsTheFaviconAndNothingIsLogged() throws IOException {
        Path log = Path.of(System.getProperty("it.server.dir", "target/liberty/wlp/usr/servers/mcptraceIT"), "logs", "messages.log");
        long logBefore = Files.exists(log) ? Files.size(log) : 0;
        for (Api who : List.of(api.anonymous(), api, api.asViewer())) {
            Api.Response icon = who.get("favicon.ico");
            assertEquals(200, icon.status(), icon.toString());
            assertTrue(icon.contentType().startsWith("image/"), icon.contentType());
        }
        // the pages name it, so a browser asks the application and not the server's root
        browser.get(base.toExternalForm() + "login.xhtml");
        String href = waitUntil(d -> d.findElement(By.cssSelector("link[rel='icon']"))).getAttribute("href");
        assertTrue(href.startsWith(base.toExternalForm()) && href.endsWith("favicon.ico"), href);
        assertEquals(200L, fetchStatus(href), "before sign-in");
        signIn("viewer", Api.VIEWER_PASSWORD);
        assertEquals(200L, fetchStatus(browser.findElement(By.cssSelector("link[rel='icon']")).getAttribute("href")),
                "signed in");
        String logged = Files.exists(log) ? tail(log, logBefore) : "";
        assertFalse(logged.contains("favicon"), logged);
        assertFalse(logged.contains("SRVE0190E"), logged);
    }

    private long fetchStatus(String url) {
        return (Long) ((JavascriptExecutor) browser).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {credentials: 'same-origin'}).then(function (r) { done(r.status); }, function () { done(-1); });",
                url);
    }

    private static String tail(Path file, long from) throws IOException {
        byte[] all = Files.readAllBytes(file);
        return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ 1280×800 and the keyboard

    @Test
    void theScreensFitAt1280By800() {
        signIn("operator", Api.OPERATOR_PASSWORD);
        browser.manage().window().setSize(new Dimension(1280, 800));
        for (String page : List.of("client-workloads.xhtml", "server-workloads.xhtml", "access-policies.xhtml",
                "gateways.xhtml", "audit.xhtml")) {
            browser.get(base.toExternalForm() + page);
            waitUntil(d -> !d.findElements(By.id("main")).isEmpty());
            idle();
            assertNoHorizontalScroll(page);
            screenshot(page);
        }
        live("");
        assertNoHorizontalScroll("live traces");
        screenshot("index.xhtml");
        // the toolbar's controls all on screen, none pushed off the right edge
        @SuppressWarnings("unchecked")
        List<String> offscreen = (List<String>) ((JavascriptExecutor) browser).executeScript(
                "var out = []; document.querySelectorAll('.mt-toolbar > *, .mt-header *').forEach(function (e) {"
                        + " var r = e.getBoundingClientRect(); if (r.width > 0 && r.right > window.innerWidth) { out.push(e.id || e.className); } });"
                        + " return out;");
        assertTrue(offscreen.isEmpty(), "off screen at 1280: " + offscreen);
    }

    // kept for a person to look at: target/screenshots/1280x800-<page>.png
    private void screenshot(String page) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Files.write(dir.resolve("1280x800-" + page.replace(".xhtml", "") + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void assertNoHorizontalScroll(String where) {
        Long width = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth");
        Long inner = (Long) ((JavascriptExecutor) browser).executeScript("return window.innerWidth");
        assertTrue(width <= inner, where + " scrolls sideways at 1280: " + width + " > " + inner);
    }

    @Test
    void theEditorIsUsableByKeyboardAlone() {
        signIn("operator", Api.OPERATOR_PASSWORD);
        screen("client-workloads.xhtml");
        openByKeyboard("list:new", "editor", "editorForm:name");
        tabsStayIn("editor", 12);
        // typed and saved without a mouse: Enter in a field submits the editor
        focus("editorForm:name");
        browser.switchTo().activeElement().sendKeys("Keyboard " + run);
        browser.switchTo().activeElement().sendKeys(Keys.TAB, Keys.TAB);
        assertEquals("editorForm:redirectUris", activeId());
        browser.switchTo().activeElement().sendKeys("https://keys." + run + ".example/cb");
        focus("editorForm:name");
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.id("editor")));
        waitUntil(d -> api.get("api/v1/client-workloads").array().getValuesAs(JsonObject.class).stream()
                .anyMatch(o -> o.getString("name").equals("Keyboard " + run)));

        idle();
        openByKeyboard("list:new", "editor", "editorForm:name");
        escapeReturnsFocus("editor", "list:new");
    }

    @Test
    void theDryRunIsUsableByKeyboardAlone() {
        signIn("viewer", Api.VIEWER_PASSWORD);
        live("");
        openByKeyboard("live:dryRunOpen", "dryRunDialog", "dry:dryRedirectUri");
        tabsStayIn("dryRunDialog", 8);
        focus("dry:dryRedirectUri");
        browser.switchTo().activeElement().sendKeys("http://evil.example/" + run, Keys.ENTER);
        assertEquals("Error", waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("dry:drySeverity"))).getText());
        idle();
        assertTrue(browser.findElement(By.id("dryRunDialog")).isDisplayed(), "Enter evaluated, nothing else");
        escapeReturnsFocus("dryRunDialog", "live:dryRunOpen");
    }

    private void openByKeyboard(String opener, String dialog, String firstInput) {
        focus(opener);
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id(dialog)));
        idle();
        waitUntil(d -> firstInput.equals(activeId()));
    }

    // a modal dialog keeps the focus: tabbing round never leaves it
    private void tabsStayIn(String dialog, int tabs) {
        for (int i = 0; i < tabs; i++) {
            browser.switchTo().activeElement().sendKeys(Keys.TAB);
            assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript(
                    "return document.getElementById(arguments[0]).contains(document.activeElement);", dialog),
                    "focus left the dialog after " + (i + 1) + " tabs, to " + activeId());
        }
    }

    // Esc closes the dialog and gives the focus back to what opened it
    private void escapeReturnsFocus(String dialog, String opener) {
        browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.id(dialog)));
        waitUntil(d -> opener.equals(activeId()));
    }

    private void focus(String id) {
        ((JavascriptExecutor) browser).executeScript("document.getElementById(arguments[0]).focus();", id);
    }

    private String activeId() {
        return (String) ((JavascriptExecutor) browser).executeScript("return document.activeElement && document.activeElement.id");
    }

    // ------------------------------------------------------------------ helpers

    private void signIn(String user, String password) {
        Browser.signIn(browser, base, user, password);
    }

    private void live(String query) {
        browser.get(base.toExternalForm() + query);
        waitUntil(d -> "true".equals(d.findElement(By.id("connection")).getAttribute("data-paused"))
                || d.findElement(By.id("connection")).getText().startsWith("Live"));
        idle();
    }

    private void screen(String pageAndQuery) {
        browser.get(base.toExternalForm() + pageAndQuery);
        waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("list:table")));
        idle();
    }

    private void openNew() {
        idle();
        browser.findElement(By.id("list:new")).click();
        waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("editor")));
        idle();
    }

    private void save() {
        idle();
        browser.findElement(By.id("editorForm:save")).click();
        idle();
    }

    private void type(String id, String text) {
        WebElement input = waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
        input.clear();
        input.sendKeys(text);
    }

    private String fieldMessage(String id) {
        List<WebElement> found = browser.findElements(By.id(id));
        return found.isEmpty() ? "" : found.get(0).getText().strip();
    }

    private void clickFix(String label) {
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
    }

    private List<String> rows() {
        return texts(By.cssSelector("#traces\\:grid tbody tr.mt-row"));
    }

    private List<String> tableRows() {
        return texts(By.cssSelector("[id='list:table_data'] > tr:not(.ui-datatable-empty-message)"));
    }

    private List<String> texts(By by) {
        for (int attempt = 0; ; attempt++) {
            try {
                return browser.findElements(by).stream().map(WebElement::getText).toList();
            } catch (StaleElementReferenceException e) {
                if (attempt > 20) {
                    throw e;
                }
            }
        }
    }

    private void idle() {
        waitUntil(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                "return document.readyState === 'complete' && !!window.PrimeFaces && PrimeFaces.ajax.Queue.isEmpty()"
                        + " && (!window.jQuery || jQuery.active === 0)"));
    }

    private <T> T waitUntil(Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(15), Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class).until(condition);
    }

    private JsonObject report(String clientIp, String redirectUri, String resource) {
        Api.Response created = api.post("api/v1/authorization-requests", Json.createObjectBuilder().add("clientIp", clientIp)
                .add("redirectUri", redirectUri).add("resource", resource).build().toString());
        assertEquals(201, created.status(), created.toString());
        return created.json();
    }

    private static String client(String name, String redirectUri) {
        return Json.createObjectBuilder().add("name", name).add("redirectUris", Json.createArrayBuilder().add(redirectUri))
                .build().toString();
    }

    private static String server(String name, String resourceUrl) {
        return Json.createObjectBuilder().add("name", name).add("resourceUrl", resourceUrl).build().toString();
    }

    private static long id(Api.Response created) {
        created(created);
        return created.json().getJsonNumber("id").longValue();
    }

    private static void created(Api.Response response) {
        assertEquals(201, response.status(), response.toString());
    }
}
