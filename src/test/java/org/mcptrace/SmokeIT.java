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
    void openApiDocumentAndUiAreServed() {
        // Liberty serves them at the server root, outside the application's context root
        Api server = new Api(base).anonymous();
        Api.Response document = server.get(server.uri("/").resolve("/openapi").toString());
        assertEquals(200, document.status(), document.toString());
        assertTrue(document.body().contains("/api/v1/authorization-requests/batch"), document.body());
        assertTrue(document.body().contains("mcptrace API"), document.body());
        Api.Response ui = server.get(server.uri("/").resolve("/openapi/ui/").toString());
        assertEquals(200, ui.status(), ui.toString());
    }

    @Test
    void theShippedApplicationHasNoBenchmarkBaseline() {
        // only `mvn -Pbench` compiles it in (src/bench/baseline); an operator's signed-in POST finds nothing there
        Api.Response noop = new Api(base).post("api/v1/bench/noop", "{}");
        assertEquals(404, noop.status(), noop.toString());
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
