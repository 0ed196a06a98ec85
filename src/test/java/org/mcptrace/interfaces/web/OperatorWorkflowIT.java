package org.mcptrace.interfaces.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Filtering, pausing, re-evaluating and dry runs on the tracing screen while entries keep arriving. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OperatorWorkflowIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @ArquillianResource
    URL base;

    ChromeDriver browser;
    Api api;
    String marker;

    @BeforeEach
    void open() {
        api = new Api(base);
        marker = "op" + System.nanoTime();
        browser = Browser.start();
        Browser.signIn(browser, base, "operator", Api.OPERATOR_PASSWORD);
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    private void load(String query) {
        browser.get(base.toExternalForm() + query);
        waitUntil(d -> "true".equals(d.findElement(By.id("connection")).getAttribute("data-paused")) || d.findElement(By.id("connection")).getText().startsWith("Live"));
    }

    private void report(String clientIp, String redirectUri, String resource) {
        assertEquals(201, api.post("api/v1/authorization-requests", "{\"clientIp\":\"" + clientIp + "\",\"redirectUri\":\""
                + redirectUri + "\",\"resource\":\"" + resource + "\"}").status());
    }

    private List<String> rows() {
        for (int attempt = 0; ; attempt++) {
            try {
                return browser.findElements(By.cssSelector("#traces\\:grid tbody tr.mt-row")).stream().map(WebElement::getText).toList();
            } catch (StaleElementReferenceException e) {
                if (attempt > 20) {
                    throw e;
                }
            }
        }
    }

    private int hidden() {
        // the summary re-renders as entries arrive, so an element found may be replaced before it is read: read again
        for (int attempt = 0; ; attempt++) {
            try {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) hidden by the filter")
                        .matcher(browser.findElement(By.id("live:summary")).getText());
                return m.find() ? Integer.parseInt(m.group(1)) : 0;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt >= 20) {
                    throw e;
                }
            }
        }
    }

    // the summary re-renders as entries arrive, so find and click in one retried step
    private void click(String id) {
        waitUntil(d -> {
            d.findElement(By.id(id)).click();
            return true;
        });
    }

    private <T> T waitUntil(java.util.function.Function<org.openqa.selenium.WebDriver, T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(8), Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    @Test
    void filtersApplyToArrivingEntriesAndLiveInTheUrl() {
        load("?q=" + marker);
        report("192.0.2.50", "https://claude.ai/api/mcp/auth_callback", "https://" + marker + ".example/mcp");
        report("192.0.2.51", "http://evil.example/cb", "https://" + marker + ".example/mcp");
        report("192.0.2.52", "http://evil.example/cb", "https://unrelated.example/mcp");
        waitUntil(d -> rows().size() == 2);
        assertTrue(rows().stream().allMatch(r -> r.contains(marker)), rows().toString());
        // the third entry's message (counters only) may come a tick after the rows
        waitUntil(d -> d.findElement(By.id("live:summary")).getText().contains("hidden by the filter"));

        // without configuration everything is an Error: Info hides both, Error shows both
        browser.findElement(By.cssSelector("#live\\:severity .ui-button:nth-child(1)")).click(); // Info
        waitUntil(d -> d.getCurrentUrl().contains("severity=INFO"));
        waitUntil(d -> rows().isEmpty());
        assertTrue(browser.getCurrentUrl().contains("q=" + marker), browser.getCurrentUrl());
        // other tests share the buffer, so count what this entry adds to the hidden ones
        waitUntil(d -> hidden() >= 3);
        int before = hidden();
        report("192.0.2.53", "http://evil.example/cb", "https://" + marker + ".example/mcp");
        waitUntil(d -> hidden() == before + 1);
        assertTrue(rows().isEmpty(), "an arriving entry that the filter excludes stays hidden");

        // the address is shareable: opening it anew gives the same view
        browser.get(browser.getCurrentUrl());
        waitUntil(d -> d.findElement(By.cssSelector("#live\\:severity .ui-state-active")).getText().equals("Info"));
        assertTrue(rows().isEmpty());

        browser.findElement(By.cssSelector("#live\\:severity .ui-button:nth-child(1)")).click(); // Info off
        browser.findElement(By.cssSelector("#live\\:severity .ui-button:nth-child(3)")).click(); // Error on
        waitUntil(d -> d.getCurrentUrl().contains("severity=ERROR"));
        waitUntil(d -> rows().size() == 3);
        assertTrue(rows().get(0).contains("192.0.2.53"), rows().toString());
    }

    @Test
    void pauseHoldsRowsAndCountsNewOnes() {
        load("?q=" + marker);
        report("192.0.2.60", "https://claude.ai/api/mcp/auth_callback", "https://" + marker + ".example/mcp");
        waitUntil(d -> rows().size() == 1);
        browser.findElement(By.id("live:pause")).click();
        waitUntil(d -> "true".equals(d.findElement(By.id("connection")).getAttribute("data-paused")));
        report("192.0.2.61", "https://claude.ai/api/mcp/auth_callback", "https://" + marker + ".example/mcp");
        report("192.0.2.62", "https://claude.ai/api/mcp/auth_callback", "https://" + marker + ".example/mcp");
        waitUntil(d -> {
            WebElement b = d.findElement(By.id("live:newEntries"));
            return b.getText().startsWith("2 new entries") ? b : null;
        });
        assertEquals(1, rows().size(), "rows never move while paused");
        click("live:newEntries");
        waitUntil(d -> rows().size() == 3);
        assertTrue(rows().get(0).contains("192.0.2.62"), rows().toString());
        assertEquals("false", browser.findElement(By.id("connection")).getAttribute("data-paused"));
    }

    @Test
    void anOpenRowStaysOpenAndHoldsTheView() {
        load("?q=" + marker);
        report("192.0.2.70", "http://localhost:52163/callback", "https://" + marker + ".example/mcp");
        waitUntil(d -> rows().size() == 1);
        browser.findElement(By.cssSelector("#traces\\:grid .ui-row-toggler")).click();
        // opening a row re-renders the held grid once, so the panel is found and read in one retried step
        String why = waitUntil(d -> {
            WebElement panel = d.findElement(By.cssSelector(".mt-why"));
            return panel.isDisplayed() ? panel.getText() : null;
        });
        assertTrue(why.contains("2. Redirect URI → Client Workload"), why);
        assertTrue(why.contains("CLIENT_NO_MATCH"), why);
        waitUntil(d -> "true".equals(d.findElement(By.id("connection")).getAttribute("data-paused")));
        report("192.0.2.71", "http://localhost:52163/callback", "https://" + marker + ".example/mcp");
        waitUntil(d -> d.findElement(By.id("live:newEntries")).getText().startsWith("1 new entry"));
        assertTrue(browser.findElement(By.cssSelector(".mt-why")).isDisplayed(), "still open");
        click("live:newEntries");
        waitUntil(d -> rows().size() == 2);
        assertTrue(waitUntil(d -> d.findElement(By.cssSelector(".mt-why"))).isDisplayed(), "open across the update");
    }

    @Test
    void reEvaluationShowsWhatChanged() {
        load("?q=" + marker);
        report("192.0.2.80", "https://claude.ai/api/mcp/auth_callback", "https://" + marker + ".example/mcp");
        waitUntil(d -> rows().size() == 1);
        browser.findElement(By.cssSelector("#traces\\:grid .ui-row-toggler")).click();
        // opening a row re-renders the held grid once (live.js toggled()), which may replace the button found first
        waitUntil(d -> {
            WebElement reEvaluate = ExpectedConditions.elementToBeClickable(By.cssSelector(".mt-reevaluate")).apply(d);
            if (reEvaluate == null) {
                return null;
            }
            reEvaluate.click();
            return true;
        });
        WebElement dialog = waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("compareDialog")));
        waitUntil(d -> dialog.getText().contains("What changed"));
        assertTrue(dialog.getText().contains("Nothing changed") || dialog.getText().contains("Configuration revision"), dialog.getText());
        assertEquals("Error", browser.findElement(By.id("compare:newSeverity")).getText());
        browser.findElement(By.cssSelector("#compareDialog .ui-dialog-titlebar-close")).click();
        report("192.0.2.81", "https://claude.ai/api/mcp/auth_callback", "https://unrelated.example/mcp");
        click("live:newEntries");
        waitUntil(d -> rows().size() == 2);
        assertTrue(rows().get(0).contains("Re-evaluation"), "marked, not mistaken for traffic: " + rows());
    }

    @Test
    void dryRunEvaluatesWithoutTracing() {
        load("?q=" + marker);
        browser.findElement(By.id("live:dryRunOpen")).click();
        waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("dry:dryRedirectUri"))).sendKeys("http://evil.example/" + marker);
        browser.findElement(By.id("dry:dryResource")).sendKeys("https://mcp.example.com/mcp");
        browser.findElement(By.id("dry:evaluate")).click();
        WebElement severity = waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("dry:drySeverity")));
        assertEquals("Error", severity.getText());
        assertTrue(browser.findElement(By.id("dry:result")).getText().contains("REDIRECT_URI_INVALID"));
        assertTrue(rows().isEmpty(), "nothing traced");
        assertTrue(api.get("api/v1/traces?q=" + marker).array().isEmpty());
    }

    @Test
    void exportLinksCarryTheFilters() {
        load("?q=" + marker + "&severity=ERROR");
        String csv = browser.findElement(By.id("live:exportCsv")).getAttribute("href");
        assertTrue(csv.contains("format=csv") && csv.contains("severity=ERROR") && csv.contains("q=" + marker), csv);
        String json = browser.findElement(By.id("live:exportJson")).getAttribute("href");
        assertTrue(json.contains("format=json"), json);
        browser.findElement(By.id("live:q")).sendKeys(Keys.END, "x");
        waitUntil(d -> d.getCurrentUrl().contains("q=" + marker + "x"));
        assertFalse(browser.getCurrentUrl().contains("q=" + marker + "&"), browser.getCurrentUrl());
    }
}
