package org.mcptrace.interfaces.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The tracing screen in a real Chromium: entries arrive without reloading and explain themselves. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LiveTracesIT {

    /** Counts the page's requests in window.__requests from now on. */
    private static final String COUNT_REQUESTS = "window.__requests = 0; var send = XMLHttpRequest.prototype.send;"
            + "XMLHttpRequest.prototype.send = function () { window.__requests++; return send.apply(this, arguments); };";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @ArquillianResource
    URL base;

    ChromeDriver browser;
    Api api;

    @BeforeEach
    void open() {
        api = new Api(base);
        browser = Browser.start();
        Browser.signIn(browser, base, "operator", Api.OPERATOR_PASSWORD);
        browser.get(base.toExternalForm());
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.textToBe(By.id("connection"), "Live"));
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void showsTheSixColumnsAfterTheDetailsToggle() {
        assertEquals("MCP Authorization Tracing", browser.findElement(By.tagName("h1")).getText());
        List<String> expected = List.of("Timestamp", "Client IP", "Access Policy", "Redirect URI / Client Workload",
                "Resource Server / Server Workload", "Severity");
        // the grid may be re-rendered while its headers are read (a stale element, seen on loaded machines): read
        // them again until one reading is whole, and compare that one
        List<String> headers = new WebDriverWait(browser, Duration.ofSeconds(10))
                .ignoring(StaleElementReferenceException.class).until(d -> d
                .findElements(By.cssSelector("#traces\\:grid thead th")).stream().map(WebElement::getText).skip(1)
                .toList());
        assertEquals(expected, headers);
    }

    @Test
    void showsAReportedRequestWithoutReloading() {
        String marker = "live-" + System.nanoTime();
        api.post("api/v1/authorization-requests", "{\"clientIp\":\"203.0.113.9\",\"redirectUri\":\"http://localhost:52163/callback\","
                + "\"resource\":\"https://" + marker + ".example.com/mcp\",\"receivedAt\":\"2026-11-27T10:00:00.123Z\"}");
        WebElement row = new WebDriverWait(browser, Duration.ofSeconds(5), Duration.ofMillis(10))
                .ignoring(StaleElementReferenceException.class).until(d -> d
                .findElements(By.cssSelector("#traces\\:grid tbody tr.mt-row")).stream()
                .filter(r -> r.getText().contains(marker)).findFirst().orElse(null));
        String text = row.getText();
        row = rowContaining(marker);
        assertTrue(text.contains("203.0.113.9"), text);
        assertTrue(text.contains("No Client Workload matched"), text);
        assertTrue(text.contains("No Server Workload matched"), text);
        assertTrue(text.contains("Not evaluated"), text);
        assertEquals("Error", row.findElement(By.cssSelector(".mt-badge.mt-sev-ERROR")).getText());
        String shown = row.findElement(By.cssSelector("time.mt-ts")).getText();
        assertTrue(shown.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.123"), "local time with milliseconds: " + shown);
        assertFalse(browser.getCurrentUrl().contains("?"), "no reload happened");
    }

    @Test
    void expandsARowToItsFindings() {
        String marker = "expand-" + System.nanoTime();
        api.post("api/v1/authorization-requests", "{\"clientIp\":\"203.0.113.10\",\"redirectUri\":\"https://" + marker
                + ".example/cb\",\"resource\":\"https://mcp.example.com/mcp#frag\"}");
        openRow(marker);
        String details = shown(By.cssSelector(".mt-expansion"), WebElement::getText);
        assertTrue(details.contains("RESOURCE_INVALID"), details);
        assertTrue(details.contains("CLIENT_NO_MATCH"), details);
        assertTrue(details.contains("DENIED"), details);
    }

    @Test
    void aNearMissMarksWhereThePresentedValueDiffersFromTheRegisteredOne() {
        String marker = "near-" + System.nanoTime();
        assertEquals(201, api.post("api/v1/client-workloads", "{\"name\":\"" + marker
                + "\",\"redirectUris\":[\"http://127.0.0.1/cb/" + marker + "\"]}").status());
        api.post("api/v1/authorization-requests", "{\"clientIp\":\"203.0.113.11\",\"redirectUri\":\"http://localhost:5555/cb/"
                + marker + "\",\"resource\":\"https://" + marker + ".example/mcp\"}");
        openRow(marker);
        By compare = By.cssSelector(".mt-expansion .mt-compare");
        assertEquals(List.of("presented", "registered"), shown(compare, table -> texts(table, "th")));
        // the common prefix (http://) and suffix (/cb/...) stay plain; what differs is marked
        assertEquals(List.of("localhost:5555", "127.0.0.1"), shown(compare, table -> texts(table, "mark")));
        String text = shown(compare, WebElement::getText);
        assertTrue(text.contains("/cb/" + marker), text);
    }

    /**
     * Opens the row holding {@code text}. The grid re-renders as entries arrive, so the row is found and clicked in
     * one retried step; until it has arrived, orElseThrow throws and the wait keeps polling.
     */
    private void openRow(String text) {
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .ignoring(StaleElementReferenceException.class, java.util.NoSuchElementException.class).until(d -> {
            d.findElements(By.cssSelector("#traces\\:grid tbody tr.mt-row")).stream()
                    .filter(r -> r.getText().contains(text)).findFirst().orElseThrow()
                    .findElement(By.cssSelector(".ui-row-toggler")).click();
            return true;
        });
    }

    /** What {@code read} takes from the element once shown; read again when opening the row re-rendered it meanwhile. */
    private <T> T shown(By locator, Function<WebElement, T> read) {
        return new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    WebElement element = d.findElement(locator);
                    return element.isDisplayed() ? read.apply(element) : null;
                });
    }

    private static List<String> texts(WebElement within, String tag) {
        return within.findElements(By.tagName(tag)).stream().map(WebElement::getText).toList();
    }

    private WebElement rowContaining(String text) {
        return new WebDriverWait(browser, Duration.ofSeconds(5)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(By.cssSelector("#traces\\:grid tbody tr.mt-row")).stream()
                        .filter(r -> r.getText().contains(text)).findFirst().orElse(null));
    }

    @Test
    void showsHostileStringsAsText() {
        String hostile = "https://x.example/\\\"><img src=x onerror=window.__pwned=1><script>window.__pwned=2</script>";
        api.post("api/v1/authorization-requests", "{\"clientIp\":\"203.0.113.11\",\"redirectUri\":\"" + hostile
                + "\",\"resource\":\"javascript:window.__pwned=3\"}");
        rowContaining("onerror=window.__pwned=1");
        assertEquals(null, browser.executeScript("return window.__pwned || null;"));
        assertTrue(browser.findElements(By.cssSelector("#traces\\:grid img")).isEmpty());
    }

    /**
     * Rows reach a live screen inside the push message and are drawn by the page; after a reload the server renders
     * the same entries. Both must read alike, cell for cell and badge for badge, for every kind of row.
     */
    @Test
    void pushedRowsReadExactlyLikeTheRowsTheServerRenders() {
        String run = Long.toString(System.nanoTime());
        String redirect = "https://pushed-" + run + ".example/cb";
        String resource = "https://pushed-" + run + ".example.com/mcp";
        policyToAnInactiveServer("Pushed", run, redirect, resource);
        browser.get(base.toExternalForm() + "?q=" + run);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.id("connection"), "Live"));

        report(redirect, resource);                                    // policy and client matched, server inactive
        report(redirect, "https://other-" + run + ".example.com/mcp"); // no server workload: policy not evaluated
        report("https://unknown-" + run + ".example/cb", resource);   // no client workload
        report(null, resource);                                        // no redirect URI at all
        List<String> pushed = new WebDriverWait(browser, Duration.ofSeconds(10), Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class).until(d -> {
                    List<String> rows = rows();
                    return rows.size() == 4 ? rows : null;
                });

        browser.navigate().refresh();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.id("connection"), "Live"));
        assertEquals(pushed, rows(), "pushed rows and server-rendered rows differ");
        assertTrue(pushed.get(3).contains("Pushed policy " + run) && pushed.get(3).contains("Inactive"), pushed.get(3));
        assertTrue(pushed.get(0).contains("(no redirect URI)"), pushed.get(0));
    }

    /** While entries arrive, a live screen makes no request per update: the rows come with the push. */
    @Test
    void liveUpdatesNeedNoRequestPerEntry() {
        String run = Long.toString(System.nanoTime());
        browser.get(base.toExternalForm() + "?q=quiet-" + run);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.id("connection"), "Live"));
        browser.executeScript(COUNT_REQUESTS);
        // one entry at a time, each on screen before the next is reported, so every entry is its own update
        long started = System.nanoTime();
        for (int i = 0; i < 12; i++) {
            report("https://quiet-" + run + "-" + i + ".example/cb", "https://mcp.example.com/mcp");
            int shown = i + 1;
            new WebDriverWait(browser, Duration.ofSeconds(10), Duration.ofMillis(20))
                    .ignoring(StaleElementReferenceException.class).until(d -> rows().size() == shown);
        }
        long requests = (Long) browser.executeScript("return window.__requests;");
        // the rate chart alone is redrawn by a request, at most every two seconds
        long chartRedraws = 1 + (System.nanoTime() - started) / 2_000_000_000L;
        assertTrue(requests <= chartRedraws, requests + " requests for 12 entries, at most " + chartRedraws + " expected");
        assertEquals("12", browser.findElement(By.id("live:shown")).getText());
        List<String> rows = rows();
        assertTrue(rows.get(0).contains("quiet-" + run + "-11") && rows.get(11).contains("quiet-" + run + "-0"), rows.toString());
    }

    /**
     * A tab the operator cannot see draws nothing: it takes the messages (what it was pushed moves on) but builds no rows
     * and sets no counters until it is shown, and then catches up in one draw, with no request and no reload. The tab
     * is hidden as the browser says it is (document.hidden and visibilitychange), which headless Chromium never does by
     * itself.
     */
    @Test
    void aHiddenTabDrawsNothingUntilShownThenCatchesUp() {
        String run = Long.toString(System.nanoTime());
        showOnly("hidden-" + run);
        browser.executeScript("window.__sameDocument = true; window.__hidden = true;"
                + "Object.defineProperty(document, 'hidden', {configurable: true, get: function () { return window.__hidden; }});"
                + "Object.defineProperty(document, 'visibilityState', {configurable: true,"
                + "  get: function () { return window.__hidden ? 'hidden' : 'visible'; }});"
                + "document.dispatchEvent(new Event('visibilitychange'));" + COUNT_REQUESTS);
        for (int i = 0; i < 3; i++) {
            report("https://hidden-" + run + "-" + i + ".example/cb", "https://mcp.example.com/mcp");
        }
        long sequence = api.get("api/v1/traces?q=hidden-" + run).array().stream()
                .mapToLong(entry -> entry.asJsonObject().getJsonNumber("sequence").longValue()).max().orElseThrow();
        new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(50)).until(d -> Long.parseLong(
                String.valueOf(browser.executeScript("return document.body.getAttribute('data-pushed') || '0';"))) >= sequence);
        // a few frames later still nothing drawn: the page is not merely slow
        browser.executeAsyncScript("var done = arguments[0]; var n = 0;"
                + "(function next() { if (++n > 10) { done(); } else { setTimeout(next, 50); } })();");
        assertEquals(List.of(), rows(), "a hidden tab drew rows");
        assertEquals("0", browser.findElement(By.id("live:shown")).getText(), "a hidden tab set its counters");

        browser.executeScript("window.__hidden = false; document.dispatchEvent(new Event('visibilitychange'));");
        List<String> rows = new WebDriverWait(browser, Duration.ofSeconds(10), Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class).until(d -> {
                    List<String> drawn = rows();
                    return drawn.size() == 3 ? drawn : null;
                });
        assertTrue(rows.get(0).contains("hidden-" + run + "-2") && rows.get(2).contains("hidden-" + run + "-0"), rows.toString());
        assertEquals("3", browser.findElement(By.id("live:shown")).getText());
        assertEquals(0L, browser.executeScript("return window.__requests;"), "catching up took a request");
        assertEquals(Boolean.TRUE, browser.executeScript("return window.__sameDocument === true;"), "the page was reloaded");
    }

    /**
     * Records, after every change of the grid (a MutationObserver runs once the draw's task is done), how many rows it
     * held, the first one's entry, and whether its rows reached the bottom of the viewport.
     */
    private static final String RECORD_DRAWS = "window.__draws = [];"
            + "new MutationObserver(function () {"
            + "  var rows = document.querySelectorAll('#traces\\\\:grid_data > tr.mt-row');"
            + "  var last = rows.length ? rows[rows.length - 1].getBoundingClientRect().bottom : 0;"
            + "  window.__draws.push({n: rows.length, top: rows.length ? rows[0].getAttribute('data-rk') : null,"
            + "    filled: last >= window.innerHeight});"
            + "}).observe(document.getElementById('traces'), {childList: true, subtree: true, characterData: true});";

    /**
     * When the whole page turns over faster than anyone reads, the grid holds only the rows in view (the viewport
     * filled), and once entries stop coming fast the whole page is drawn, in order, with no action.
     */
    @Test
    void aBurstDrawsTheRowsInViewThenTheWholePageOnceItSlows() {
        String run = Long.toString(System.nanoTime());
        showOnly("burst-" + run);
        browser.executeScript(RECORD_DRAWS);
        List<String> ids = burst(run, 0, false);

        Map<String, Object> windowed = drawnWithNewest(ids);
        long held = ((Number) windowed.get("n")).longValue();
        assertTrue(held >= 1 && held < 50, "a burst drew " + held + " rows, not only those in view");
        assertEquals(Boolean.TRUE, windowed.get("filled"), "the rows drawn did not fill the viewport");

        new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(50)).until(d -> drawnIds().size() == 50);
        assertEquals(newestPage(ids), drawnIds(), "the page drawn once rows came slowly");
    }

    /**
     * Every entry stays reachable: scrolling down during a burst draws the rest of the page in the scroll event
     * itself, before the frame that shows it, then holds the view there.
     */
    @Test
    void scrollingDuringABurstDrawsTheRestOfThePageAtOnceAndHoldsIt() {
        String run = Long.toString(System.nanoTime());
        showOnly("burst-" + run);
        browser.executeScript(RECORD_DRAWS);
        List<String> ids = burst(run, 0, false);
        drawnWithNewest(ids);
        // a listener added now runs after the page's own, in the same scroll event
        browser.executeScript("window.addEventListener('scroll', function () {"
                + "  window.__atScroll = document.querySelectorAll('#traces\\\\:grid_data > tr.mt-row').length;"
                + "}, {once: true}); window.scrollTo(0, 200);");
        Object atScroll = new WebDriverWait(browser, Duration.ofSeconds(10), Duration.ofMillis(20))
                .until(d -> browser.executeScript("return window.__atScroll;"));
        assertEquals(50L, atScroll, "rows drawn when the scroll event ran");
        assertEquals(newestPage(ids), drawnIds());
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.id("connection"), "Paused"));
    }

    /**
     * A row in view replaced by a newer entry is the same element showing the new entry, and reads exactly as the
     * server renders that entry: every cell that changed shows its new value (severity, client IP, policy, workloads,
     * Inactive badges), and none keeps the old one. Keyboard focus in the grid then draws the whole page, to tab through.
     */
    @Test
    void aReusedRowShowsExactlyTheNewEntryAndFocusDrawsTheWholePage() {
        String run = Long.toString(System.nanoTime());
        policyToAnInactiveServer("Burst", run, "https://burst-" + run + ".example/cb", "https://burst-" + run + ".example.com/mcp");
        showOnly("burst-" + run);
        browser.executeScript(RECORD_DRAWS);
        List<String> first = burst(run, 0, true);
        drawnWithNewest(first);
        browser.executeScript("window.__firstRow = document.querySelector('#traces\\\\:grid_data > tr.mt-row');");

        List<String> second = burst(run, 1, true);
        long held = ((Number) drawnWithNewest(second).get("n")).longValue();
        assertTrue(held < 50, held + " rows drawn during a burst");
        assertEquals(Boolean.TRUE, browser.executeScript("return document.querySelector('#traces\\\\:grid_data > tr.mt-row')"
                + " === window.__firstRow;"), "the first row was built anew, not reused");
        List<String> drawn = rows();

        Object atFocus = browser.executeScript("document.querySelector('#traces\\\\:grid_data .ui-row-toggler').focus();"
                + "return document.querySelectorAll('#traces\\\\:grid_data > tr.mt-row').length;");
        assertEquals(50L, atFocus, "rows drawn once the grid had keyboard focus");
        assertEquals(newestPage(second), drawnIds());

        browser.navigate().refresh();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.id("connection"), "Live"));
        assertEquals(drawn, rows().subList(0, drawn.size()), "reused rows and server-rendered rows differ");
        assertTrue(drawn.stream().anyMatch(row -> row.contains("Burst policy " + run) && row.contains("Inactive")), drawn.toString());
        assertTrue(drawn.stream().anyMatch(row -> row.contains("No Client Workload matched")), drawn.toString());
    }

    /** A Client Workload for the redirect URI, an inactive Server Workload for the resource and a policy between them. */
    private void policyToAnInactiveServer(String name, String run, String redirect, String resource) {
        long client = create("api/v1/client-workloads", "{\"name\":\"" + name + " client " + run + "\",\"redirectUris\":[\"" + redirect + "\"]}");
        long server = create("api/v1/server-workloads", "{\"name\":\"" + name + " server " + run + "\",\"resourceUrl\":\"" + resource
                + "\",\"active\":false}");
        create("api/v1/access-policies", "{\"name\":\"" + name + " policy " + run + "\",\"clientWorkloadId\":" + client
                + ",\"serverWorkloadId\":" + server + "}");
    }

    /**
     * The screen filtered to {@code q}, its websocket open: "Live" is the server's word, and the socket may open later,
     * when its opening renders the grid afresh (which would show entries in a hidden tab, or replace rows a test holds).
     * An entry the filter hides still brings a message, once the socket is open.
     */
    private void showOnly(String q) {
        browser.get(base.toExternalForm() + "?q=" + q);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.id("connection"), "Live"));
        report("https://socket-" + System.nanoTime() + ".example/cb", "https://mcp.example.com/mcp");
        new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(50)).until(d ->
                browser.executeScript("return document.body.getAttribute('data-pushed');") != null);
    }

    /**
     * 60 reports in one batch, more than a page: with {@code matching}, every other one is for the client, server and
     * policy of the test, and which ones alternates with {@code round}, so that a row in view changes in every cell.
     */
    private List<String> burst(String run, int round, boolean matching) {
        List<String> reports = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            boolean matched = matching && (i + round) % 2 == 0;
            String redirect = matched ? "https://burst-" + run + ".example/cb" : "https://burst-" + run + "-" + round + "-" + i + ".example/cb";
            reports.add("{\"clientIp\":\"203.0.113." + (round * 60 + i) % 250 + "\""
                    + (matching && (i + round) % 7 == 0 ? "" : ",\"redirectUri\":\"" + redirect + "\"")
                    + ",\"resource\":\"https://burst-" + run + ".example.com/mcp\"}");
        }
        Api.Response answered = api.post("api/v1/authorization-requests/batch", "[" + String.join(",", reports) + "]");
        assertEquals(200, answered.status(), answered.toString());
        return answered.array().stream().map(entry -> entry.asJsonObject().getString("id")).toList();
    }

    /** The first change of the grid that put the newest of {@code ids} on top: what that draw left in the grid. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> drawnWithNewest(List<String> ids) {
        String newest = ids.get(ids.size() - 1);
        return new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(50)).until(d ->
                ((List<Map<String, Object>>) browser.executeScript("return window.__draws;")).stream()
                        .filter(draw -> newest.equals(draw.get("top"))).findFirst().orElse(null));
    }

    /** The entries of the newest page, newest first, as {@code ids} (oldest first) lists them. */
    private static List<String> newestPage(List<String> ids) {
        List<String> page = new java.util.ArrayList<>(ids.subList(ids.size() - 50, ids.size()));
        java.util.Collections.reverse(page);
        return page;
    }

    @SuppressWarnings("unchecked")
    private List<String> drawnIds() {
        return (List<String>) browser.executeScript("return Array.from(document.querySelectorAll('#traces\\\\:grid_data > tr.mt-row'))"
                + ".map(function (r) { return r.getAttribute('data-rk'); });");
    }

    /**
     * The websocket can open, and the page ask the server for a render, before the document is ready, which is when
     * PrimeFaces learns the CSP nonce its requests must carry; a request without it is refused with "CSP nonce
     * mismatch" and logged as an error. Here the document's ready is held back for seconds, as on a busy machine, so
     * the socket opens first: every request the page makes must still carry the nonce.
     */
    @Test
    void requestsWaitForTheCspNonceEvenWhenTheSocketOpensFirst() {
        browser.executeCdpCommand("Page.enable", java.util.Map.of());
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source", """
                window.__withoutNonce = [];
                const send = XMLHttpRequest.prototype.send;
                XMLHttpRequest.prototype.send = function (body) {
                  if (typeof body === 'string' && body.indexOf('partial.ajax') >= 0 && body.indexOf('primefaces.nonce') < 0) {
                    window.__withoutNonce.push(body.substring(0, 300));
                  }
                  return send.apply(this, arguments);
                };
                let jq;
                Object.defineProperty(window, 'jQuery', {configurable: true, get: () => jq, set: v => {
                  jq = v;
                  const ready = v.fn.ready;
                  v.fn.ready = function (fn) { setTimeout(() => ready.call(this, fn), 4000); return this; };
                }});
                """));
        String marker = "nonce-" + System.nanoTime();
        browser.get(base.toExternalForm());
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> Boolean.TRUE.equals(browser.executeScript(
                "return !!(window.PrimeFaces && PrimeFaces.csp && PrimeFaces.csp.NONCE_VALUE);")));
        report("https://" + marker + ".example/cb", "https://mcp.example.com/mcp");
        rowContaining(marker);
        // the render the page asks for once its socket is open has been sent by now
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> ((Number) browser.executeScript(
                "return performance.getEntriesByType('resource').filter(e => e.initiatorType === 'xmlhttprequest').length;"))
                .intValue() > 0);
        assertEquals(List.of(), browser.executeScript("return window.__withoutNonce;"));
    }

    /**
     * A console whose websocket is gone says so instead of "Live", opens a new one by itself and is live again,
     * without a reload: entries reported afterwards appear.
     */
    @Test
    void aClosedSocketSaysNotLiveThenRecoversWithoutAReload() {
        browser.executeScript("window.__sameDocument = true; faces.push.close('live:push');");
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.textToBe(By.id("connection"), "Not live, reconnecting"));
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(ExpectedConditions.textToBe(By.id("connection"), "Live"));
        String marker = "back-" + System.nanoTime();
        report("https://" + marker + ".example/cb", "https://mcp.example.com/mcp");
        rowContaining(marker);
        assertEquals(Boolean.TRUE, browser.executeScript("return window.__sameDocument === true;"), "the page was not reloaded");
    }

    /**
     * A request for a view this server does not hold (after a failover: the page came from another node, whose view
     * state this one cannot read) reloads the page, with a note, instead of ending on a blank page. Another node's view
     * state is, to this one, a token it does not know: one character of the page's own token changed, in the request
     * as it leaves (changed in the page, a render the page asks for meanwhile would put the right one back).
     */
    @Test
    void anActionOnAViewTheServerDoesNotHoldReloadsThePage() {
        browser.executeScript("window.__sameDocument = true; var send = XMLHttpRequest.prototype.send;"
                + "XMLHttpRequest.prototype.send = function (body) {"
                + "  if (typeof body === 'string') {"
                + "    body = body.replace(/(jakarta\\.faces\\.ViewState=)([^&]+)/, function (all, name, token) {"
                + "      var at = token.length >> 1;"
                + "      while (at < token.length && !/[A-Za-z0-9]/.test(token.charAt(at))) { at++; }"
                + "      return name + token.substring(0, at) + (token.charAt(at) === 'A' ? 'B' : 'A') + token.substring(at + 1);"
                + "    });"
                + "  }"
                + "  return send.call(this, body); };");
        browser.findElement(By.id("live:pause")).click();
        reloadedSaying("another node took over");
        // a working page: live, and pushed to
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.id("connection"), "Live"));
        String marker = "reloaded-" + System.nanoTime();
        report("https://" + marker + ".example/cb", "https://mcp.example.com/mcp");
        rowContaining(marker);
        // the note is said once
        browser.navigate().refresh();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.id("connection"), "Live"));
        assertTrue(browser.findElements(By.id("reloaded")).isEmpty());
    }

    /** Any request of the page that fails on the server (here a page number that is no number) reloads it too. */
    @Test
    void aFailedRequestOfThePageReloadsItWithANote() {
        browser.executeScript("window.__sameDocument = true; PrimeFaces.ab({s: 'traces:grid', p: 'traces:grid',"
                + " u: 'traces:grid', params: [{name: 'traces:grid_pagination', value: true},"
                + " {name: 'traces:grid_first', value: 'first'}, {name: 'traces:grid_rows', value: 'many'},"
                + " {name: 'traces:grid_encodeFeature', value: true}]});");
        reloadedSaying("could not carry out the last request");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.id("connection"), "Live"));
    }

    private void reloadedSaying(String why) {
        WebElement note = new WebDriverWait(browser, Duration.ofSeconds(20)).until(d ->
                !Boolean.TRUE.equals(browser.executeScript("return window.__sameDocument === true;"))
                        ? d.findElements(By.id("reloaded")).stream().findFirst().orElse(null) : null);
        assertTrue(note.getText().contains("This page was loaded again") && note.getText().contains(why), note.getText());
        assertTrue(browser.getCurrentUrl().startsWith(base.toExternalForm()), browser.getCurrentUrl());
        assertEquals("MCP Authorization Tracing", browser.findElement(By.tagName("h1")).getText());
    }

    private long create(String path, String json) {
        Api.Response created = api.post(path, json);
        assertEquals(201, created.status(), created.toString());
        return created.json().getJsonNumber("id").longValue();
    }

    private void report(String redirectUri, String resource) {
        String body = "{\"clientIp\":\"203.0.113.12\"" + (redirectUri == null ? "" : ",\"redirectUri\":\"" + redirectUri + "\"")
                + ",\"resource\":\"" + resource + "\"}";
        Api.Response created = api.post("api/v1/authorization-requests", body);
        assertEquals(201, created.status(), created.toString());
    }

    /** Each row's markup as the operator sees it: its cells' text and the classes that colour and badge it. */
    @SuppressWarnings("unchecked")
    private List<String> rows() {
        return (List<String>) browser.executeScript("return Array.from(document.querySelectorAll('#traces\\\\:grid_data > tr.mt-row'))"
                + ".map(function (r) { return r.className.split(' ').filter(function (c) { return c.indexOf('mt-') === 0; }).join(' ')"
                + " + ' | ' + Array.from(r.querySelectorAll('td')).map(function (td) {"
                + "   return td.innerText.trim().replace(/\\s+/g, ' ') + ' [' + Array.from(td.querySelectorAll('[class]'))"
                + "     .map(function (e) { return e.className; }).join(',') + ']'; }).join(' | '); });");
    }
}
