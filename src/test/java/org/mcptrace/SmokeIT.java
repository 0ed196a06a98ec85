package org.mcptrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
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
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SmokeIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @ArquillianResource
    URL base;

    @Test
    void consoleSendsStrangersToTheLoginPage() {
        Api.Response page = new Api(base).anonymous().get("/");
        assertEquals(302, page.status(), page.toString());
        assertTrue(page.header("Location").contains("login.xhtml"), page.header("Location"));
        Api.Response login = new Api(base).anonymous().get("login.xhtml");
        assertEquals(200, login.status());
        assertTrue(login.body().contains("Sign in"), login.body());
    }

    @Test
    void browserShowsTheMenu() {
        ChromeDriver driver = Browser.start();
        try {
            Browser.signIn(driver, base, "operator", "operator");
            driver.get(base.toExternalForm());
            assertEquals("MCP Authorization Tracing", driver.findElement(By.tagName("h1")).getText());
            assertTrue(driver.findElement(By.id("nav-clients")).isDisplayed());
        } finally {
            driver.quit();
        }
    }
}
