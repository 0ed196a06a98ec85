package org.mcptrace.interfaces.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.openqa.selenium.Cookie;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live view keeps going under load: a console open in Chromium while reports stream in keeps receiving pushes,
 * while other screens open, reload and are fetched by scripts that never open a websocket, and an entry reported
 * after the load reaches every console. It asserts liveness only; how fast is the push benchmark's business.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LiveUnderLoadIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern PUSHES = Pattern.compile("(?m)^mcptrace_pushes\\{[^}]*} ([0-9.]+)");
    /** Generous: the machine running the tests may be busy with much else. */
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @ArquillianResource
    URL base;

    ChromeDriver browser;
    Api api;
    private final AtomicBoolean loading = new AtomicBoolean();
    private final List<Thread> load = new ArrayList<>();
    private final AtomicLong reported = new AtomicLong();

    @BeforeEach
    void open() {
        api = new Api(base);
        browser = Browser.start();
        // a page starved of CPU (the load runs on the same machine) may take long to answer a script
        browser.manage().timeouts().scriptTimeout(PATIENCE);
        Browser.signIn(browser, base, "operator", Api.OPERATOR_PASSWORD);
        browser.get(base.toExternalForm());
        live(browser);
    }

    @AfterEach
    void close() throws InterruptedException {
        stopLoad();
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void pushesKeepFlowingWhileScreensComeAndGoUnderLoadAndAProbeArrivesAfterIt() throws Exception {
        String console = browser.getWindowHandle();
        startLoad();
        waitUntil("the load has begun", () -> reported.get() > 200);

        // what happens to a live console under load: other screens are opened and reloaded (their websocket opens
        // some time after the page rendered), and scripts fetch the page without ever opening one
        String other = browser.switchTo().newWindow(WindowType.TAB).getWindowHandle();
        for (int i = 0; i < 3; i++) {
            browser.get(base.toExternalForm());
            fetchPageWithoutWebsocket();
        }
        browser.switchTo().window(console);

        long pushesBefore = pushes();
        long seqBefore = newestSequence();
        waitUntil("pushes keep flowing under load (mcptrace_pushes was " + pushesBefore + ")",
                () -> pushes() >= pushesBefore + 20);
        waitUntil("the open console keeps receiving rows under load (newest row was " + seqBefore + ")",
                () -> newestSequence() > seqBefore);
        assertEquals("Live", browser.findElement(By.id("connection")).getText());
        stopLoad();

        String probe = "probe-" + System.nanoTime();
        Api.Response created = api.post("api/v1/authorization-requests", "{\"clientIp\":\"203.0.113.77\",\"redirectUri\":"
                + "\"https://" + probe + ".example/cb\",\"resource\":\"https://mcp.example.com/mcp\"}");
        assertEquals(201, created.status(), created.toString());
        waitForRow(probe);
        browser.switchTo().window(other);
        waitForRow(probe);
        browser.switchTo().window(console);

        // and the server says so: the push and every background loop are live
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(server("/health/live")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("\"push\"") && health.body().contains("\"background-loops\""), health.body());
        assertTrue(health.body().contains("\"push\":\"running, "), health.body());
    }

    private URI server(String path) {
        return URI.create(base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + path);
    }

    private void waitForRow(String marker) {
        new WebDriverWait(browser, PATIENCE, Duration.ofMillis(100)).ignoring(StaleElementReferenceException.class)
                .withMessage("the probe " + marker + " never reached the console")
                .until(d -> d.findElements(By.cssSelector("#traces\\:grid tbody tr.mt-row")).stream()
                        .anyMatch(r -> r.getText().contains(marker)));
    }

    private static void live(ChromeDriver driver) {
        new WebDriverWait(driver, PATIENCE).until(ExpectedConditions.textToBe(By.id("connection"), "Live"));
    }

    private long newestSequence() {
        Object seq = browser.executeScript("var t = document.querySelector('#traces\\\\:grid_data tr.mt-row time[data-seq]');"
                + "return t ? Number(t.getAttribute('data-seq')) : 0;");
        return ((Number) seq).longValue();
    }

    /** A script (a monitor, a prefetching proxy) that loads the tracing screen with the console's session. */
    private void fetchPageWithoutWebsocket() throws Exception {
        Cookie session = browser.manage().getCookieNamed("JSESSIONID");
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(base.toExternalForm()))
                .header("Cookie", session.getName() + "=" + session.getValue()).timeout(Duration.ofSeconds(60)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("traces:grid"), "the tracing screen was rendered");
    }

    /** /metrics belongs to the server, not to the application's context root. */
    private long pushes() throws Exception {
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(server("/metrics")).header("Accept", "text/plain")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = PUSHES.matcher(metrics.body());
        assertTrue(m.find(), "mcptrace_pushes is published");
        return (long) Double.parseDouble(m.group(1));
    }

    /** Two gateways reporting single requests back to back, each over its own keep-alive connection. */
    private void startLoad() {
        loading.set(true);
        for (int t = 0; t < 2; t++) {
            int gateway = t;
            Thread thread = new Thread(() -> {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                for (long n = 0; loading.get(); n++) {
                    String body = "{\"clientIp\":\"203.0.113.7\",\"redirectUri\":\"http://127.0.0.1:" + (1024 + n % 60000)
                            + "/callback\",\"resource\":\"https://mcp.example.com/mcp\",\"requestId\":\"load-" + gateway
                            + "-" + n + "\"}";
                    try {
                        client.send(HttpRequest.newBuilder(api.uri("api/v1/authorization-requests"))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + Api.GATEWAY_TOKEN)
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                        reported.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        // a refused or timed-out report under load is not what this test is about; the next one goes
                    }
                }
            }, "load-" + t);
            thread.setDaemon(true);
            thread.start();
            load.add(thread);
        }
    }

    private void stopLoad() throws InterruptedException {
        loading.set(false);
        for (Thread thread : load) {
            thread.join(60_000);
        }
        load.clear();
    }

    private void waitUntil(String what, Check condition) {
        new WebDriverWait(browser, PATIENCE, Duration.ofMillis(250)).withMessage(what)
                .ignoring(org.openqa.selenium.ScriptTimeoutException.class).until(d -> {
            try {
                return condition.holds();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private interface Check {
        boolean holds() throws Exception;
    }
}
