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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The tracing screen in a real Chromium: entries arrive without reloading and explain themselves. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LiveTracesIT {

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
        List<String> headers = browser.findElements(By.cssSelector("#traces\\:grid thead th")).stream()
                .map(WebElement::getText).skip(1).toList();
        assertEquals(List.of("Timestamp", "Client IP", "Access Policy", "Redirect URI / Client Workload",
                "Resource Server / Server Workload", "Severity"), headers);
    }

    @Test
    void showsAReportedRequestWithoutReloading() {
        String marker = "live-" + System.nanoTime();
        long posted = System.nanoTime();
        api.post("api/v1/authorization-requests", "{\"clientIp\":\"203.0.113.9\",\"redirectUri\":\"http://localhost:52163/callback\","
                + "\"resource\":\"https://" + marker + ".example.com/mcp\",\"receivedAt\":\"2026-11-27T10:00:00.123Z\"}");
        WebElement row = new WebDriverWait(browser, Duration.ofSeconds(5), Duration.ofMillis(10))
                .ignoring(StaleElementReferenceException.class).until(d -> d
                .findElements(By.cssSelector("#traces\\:grid tbody tr.mt-row")).stream()
                .filter(r -> r.getText().contains(marker)).findFirst().orElse(null));
        long millis = (System.nanoTime() - posted) / 1_000_000;
        System.out.println("POST to row visible: " + millis + " ms");
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
        // the grid re-renders as entries arrive, so find and click in one retried step
        // until the row has arrived, orElseThrow throws; the wait must keep polling rather than fail at once
        new WebDriverWait(browser, Duration.ofSeconds(5))
                .ignoring(StaleElementReferenceException.class, java.util.NoSuchElementException.class).until(d -> {
            d.findElements(By.cssSelector("#traces\\:grid tbody tr.mt-row")).stream()
                    .filter(r -> r.getText().contains(marker)).findFirst().orElseThrow()
                    .findElement(By.cssSelector(".ui-row-toggler")).click();
            return true;
        });
        WebElement details = new WebDriverWait(browser, Duration.ofSeconds(5))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".mt-expansion")));
        assertTrue(details.getText().contains("RESOURCE_INVALID"), details.getText());
        assertTrue(details.getText().contains("CLIENT_NO_MATCH"), details.getText());
        assertTrue(details.getText().contains("DENIED"), details.getText());
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
}
