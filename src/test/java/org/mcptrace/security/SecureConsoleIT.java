package org.mcptrace.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Signing in and out in a real browser, what each role sees, and a console that runs under its CSP. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SecureConsoleIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @ArquillianResource
    URL base;

    ChromeDriver browser;

    @BeforeEach
    void open() {
        browser = Browser.start();
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void signsInWithLabelledInputsAndOut() {
        browser.get(base.toExternalForm() + "client-workloads.xhtml");
        waitFor(ExpectedConditions.urlContains("login.xhtml"));
        assertTrue(browser.getCurrentUrl().contains("next=%2Fclient-workloads.xhtml"), browser.getCurrentUrl());
        assertEquals("Username", label("login:username"));
        assertEquals("Password", label("login:password"));
        assertEquals("Sign in", browser.findElement(By.id("login:signIn")).getText());
        assertEquals("password", browser.findElement(By.id("login:password")).getAttribute("type"));

        browser.findElement(By.id("login:username")).sendKeys("operator");
        browser.findElement(By.id("login:password")).sendKeys("not-the-password");
        browser.findElement(By.id("login:signIn")).click();
        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("login:messages"), "Wrong username or password."));
        assertTrue(browser.getCurrentUrl().contains("login.xhtml"));

        browser.findElement(By.id("login:username")).clear();
        browser.findElement(By.id("login:username")).sendKeys("operator");
        browser.findElement(By.id("login:password")).sendKeys(Api.OPERATOR_PASSWORD);
        browser.findElement(By.id("login:signIn")).click();
        waitFor(ExpectedConditions.urlContains("client-workloads.xhtml"));
        assertEquals("Client Workloads", browser.findElement(By.tagName("h1")).getText(), "back where the operator was going");
        assertEquals("operator", browser.findElement(By.id("user")).getText());

        browser.findElement(By.id("account:signOut")).click();
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("signedOut")));
        browser.get(base.toExternalForm());
        waitFor(ExpectedConditions.urlContains("login.xhtml"));
        browser.get(base.toExternalForm() + "audit.xhtml");
        waitFor(ExpectedConditions.urlContains("login.xhtml"));
    }

    @Test
    void viewerSeesNoChangeControls() {
        new Api(base).post("api/v1/client-workloads", "{\"name\":\"view-" + System.nanoTime()
                + "\",\"redirectUris\":[\"https://view" + System.nanoTime() + ".example.com/cb\"]}");
        Browser.signIn(browser, base, "viewer", Api.VIEWER_PASSWORD);
        assertEquals("viewer", browser.findElement(By.id("user")).getText());
        for (String page : List.of("client-workloads.xhtml", "server-workloads.xhtml", "access-policies.xhtml", "gateways.xhtml")) {
            browser.get(base.toExternalForm() + page);
            waitFor(ExpectedConditions.presenceOfElementLocated(By.id("list:table")));
            assertTrue(browser.findElements(By.id("list:new")).isEmpty(), page + ": no New button");
            assertTrue(browser.findElements(By.cssSelector("[id$=':edit'], [id$=':delete'], [id$=':revoke']")).isEmpty(),
                    page + ": no row actions");
            for (WebElement toggle : browser.findElements(By.cssSelector("[id$='activeToggle']"))) {
                assertTrue(toggle.getAttribute("class").contains("ui-state-disabled"), page + ": toggles are read-only");
            }
        }
        Browser.signIn(browser, base, "operator", Api.OPERATOR_PASSWORD);
        browser.get(base.toExternalForm() + "client-workloads.xhtml");
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("list:new")));
        assertFalse(browser.findElements(By.cssSelector("[id$=':edit']")).isEmpty());
    }

    @Test
    void warnsWhileDefaultSecretsAreInUse() {
        Browser.signIn(browser, base, "viewer", Api.VIEWER_PASSWORD);
        String banner = browser.findElement(By.id("defaultsBanner")).getText();
        assertTrue(banner.contains("MCPTRACE_OPERATOR_PASSWORD") && banner.contains("MCPTRACE_VIEWER_PASSWORD"), banner);
    }

    @Test
    void anExpiredSessionLeadsBackToTheLoginPage() {
        Browser.signIn(browser, base, "operator", Api.OPERATOR_PASSWORD);
        waitFor(ExpectedConditions.textToBe(By.id("connection"), "Live"));
        // what expiry leaves behind: the page is open, the session is gone
        browser.manage().deleteCookieNamed("JSESSIONID");
        browser.findElement(By.id("live:clear")).click();
        waitFor(ExpectedConditions.urlContains("login.xhtml"));
    }

    @Test
    void registersAGatewayShowingItsTokenOnceAndRevokesIt() {
        Browser.signIn(browser, base, "operator", Api.OPERATOR_PASSWORD);
        browser.get(base.toExternalForm() + "gateways.xhtml");
        String name = "browser-gw-" + System.nanoTime();
        browser.findElement(By.id("list:new")).click();
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("registerForm:name"))).sendKeys(name);
        browser.findElement(By.id("registerForm:register")).click();
        String token = waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).getText();
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);
        assertEquals(201, new Api(base).withBearer(token).post("api/v1/authorization-requests", "{\"clientIp\":\"::1\"}").status());
        browser.findElement(By.id("tokenForm:done")).click();
        waitFor(ExpectedConditions.invisibilityOfElementLocated(By.id("token")));
        browser.navigate().refresh();
        assertFalse(browser.getPageSource().contains(token), "the token is never shown again");
        WebElement row = browser.findElements(By.cssSelector("#list\\:table tbody tr")).stream()
                .filter(r -> r.getText().contains(name)).findFirst().orElseThrow();
        row.findElement(By.cssSelector("[id$=':revoke']")).click();
        waitFor(ExpectedConditions.elementToBeClickable(By.id("list:confirmYes"))).click();
        waitFor(d -> d.findElements(By.cssSelector("#list\\:table tbody tr")).stream()
                .anyMatch(r -> r.getText().contains(name) && r.getText().contains("Revoked")));
        assertEquals(401, new Api(base).withBearer(token).post("api/v1/authorization-requests", "{\"clientIp\":\"::1\"}").status());
        assertTrue(browser.findElement(By.id("rejections")).getText().contains("revoked token"));
    }

    @Test
    void everyScreenRunsUnderTheContentSecurityPolicy() {
        Browser.signIn(browser, base, "operator", Api.OPERATOR_PASSWORD);
        waitFor(ExpectedConditions.textToBe(By.id("connection"), "Live"));
        for (String page : List.of("client-workloads.xhtml", "server-workloads.xhtml", "access-policies.xhtml",
                "gateways.xhtml", "audit.xhtml")) {
            browser.get(base.toExternalForm() + page);
            waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".ui-datatable")));
        }
        browser.get(base.toExternalForm() + "client-workloads.xhtml");
        browser.findElement(By.id("list:new")).click();
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("editorForm:name")));
        List<LogEntry> violations = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getMessage().contains("Content Security Policy") || e.getMessage().contains("Refused to"))
                .collect(Collectors.toList());
        assertTrue(violations.isEmpty(), violations.toString());
    }

    private String label(String inputId) {
        return browser.findElement(By.cssSelector("label[for='" + inputId + "']")).getText().replace("*", "").strip();
    }

    private <T> T waitFor(java.util.function.Function<? super org.openqa.selenium.WebDriver, T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(10))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
    }
}
