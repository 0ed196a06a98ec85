package org.mcptrace.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** An operator creates, edits, deactivates and deletes workloads and a policy through the screens. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConfigurationScreensIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @ArquillianResource
    URL base;

    ChromeDriver driver;
    WebDriverWait wait;
    Api api;
    String tag;

    @BeforeEach
    void start() {
        driver = Browser.start();
        Browser.signIn(driver, base, "operator", Api.OPERATOR_PASSWORD);
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        wait.ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class);
        api = new Api(base);
        tag = Long.toString(System.nanoTime(), 36);
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void clientWorkloadThroughTheScreen() {
        String name = "Inspector " + tag;
        open("client-workloads.xhtml");

        click("list:new");
        dialogShown();
        type("editorForm:name", name);
        type("editorForm:redirectUris", "http://evil.example.com/" + tag);
        click("editorForm:save");
        WebElement message = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("editorForm:redirectUrisMessage")));
        assertTrue(message.getText().contains("loopback"), message.getText());
        assertTrue(dialog().isDisplayed(), "the editor stays open on an error");

        type("editorForm:redirectUris", "http://localhost:6274/oauth/" + tag + "\nhttps://inspector.example.com/" + tag);
        type("editorForm:description", "MCP Inspector");
        click("editorForm:save");
        dialogHidden();
        WebElement row = row(name);
        assertTrue(row.getText().contains("https://inspector.example.com/" + tag), row.getText());
        JsonObject stored = find("/api/v1/client-workloads", name);
        assertEquals(2, stored.getJsonArray("redirectUris").size());

        edit(name);
        assertEquals(name, driver.findElement(By.id("editorForm:name")).getAttribute("value"));
        type("editorForm:description", "MCP Inspector, edited");
        click("editorForm:save");
        dialogHidden();
        wait.until(d -> row(name).getText().contains("MCP Inspector, edited"));

        toggle(name);
        wait.until(d -> !find("/api/v1/client-workloads", name).getBoolean("active"));
        wait.until(d -> row(name).getAttribute("class").contains("mt-row-inactive"));

        deleteWithConfirmation(name);
        assertTrue(findAll("/api/v1/client-workloads", name).isEmpty());
    }

    @Test
    void clientIdsThroughTheScreen() {
        String name = "Codex " + tag;
        String cimd = "https://codex." + tag + ".example/oauth/client-metadata.json";
        open("client-workloads.xhtml");

        click("list:new");
        dialogShown();
        type("editorForm:name", name);
        // client IDs alone identify a workload; a bad line is named in the editor
        type("editorForm:clientIds", cimd + "\ncodex-\u00e9");
        click("editorForm:save");
        WebElement message = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("editorForm:clientIdsMessage")));
        assertTrue(message.getText().startsWith("Line 2: "), message.getText());
        assertTrue(driver.findElement(By.id("editorForm:redirectUrisMessage")).getText().isEmpty(),
                "no redirect URI is needed beside a client ID");

        type("editorForm:clientIds", cimd + "\ncodex-" + tag);
        click("editorForm:save");
        dialogHidden();
        WebElement row = row(name);
        assertTrue(row.getText().contains(cimd) && row.getText().contains("codex-" + tag), row.getText());
        JsonObject stored = find("/api/v1/client-workloads", name);
        assertEquals(0, stored.getJsonArray("redirectUris").size());
        assertEquals(2, stored.getJsonArray("clientIds").size());

        edit(name);
        assertEquals(cimd + "\ncodex-" + tag, driver.findElement(By.id("editorForm:clientIds")).getAttribute("value"));
    }

    @Test
    void serverWorkloadThroughTheScreen() {
        String name = "Docs " + tag;
        open("server-workloads.xhtml");

        click("list:new");
        dialogShown();
        type("editorForm:name", name);
        type("editorForm:resourceUrl", "https://docs.example.com/" + tag + "#fragment");
        click("editorForm:save");
        WebElement message = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("editorForm:resourceUrlMessage")));
        assertTrue(message.getText().contains("fragment"), message.getText());

        type("editorForm:resourceUrl", "https://docs.example.com/" + tag + "/mcp");
        click("editorForm:save");
        dialogHidden();
        assertTrue(row(name).getText().contains("https://docs.example.com/" + tag + "/mcp"));

        edit(name);
        type("editorForm:name", name + " v2");
        click("editorForm:save");
        dialogHidden();
        wait.until(d -> !findAll("/api/v1/server-workloads", name + " v2").isEmpty());

        toggle(name + " v2");
        wait.until(d -> !find("/api/v1/server-workloads", name + " v2").getBoolean("active"));

        deleteWithConfirmation(name + " v2");
        assertTrue(findAll("/api/v1/server-workloads", name + " v2").isEmpty());
    }

    @Test
    void accessPolicyThroughTheScreen() {
        String client = "Cursor " + tag;
        String server = "Tracker " + tag;
        String other = "Wiki " + tag;
        created(api.post("/api/v1/client-workloads", Json.createObjectBuilder().add("name", client)
                .add("redirectUris", Json.createArrayBuilder().add("cursor://anysphere.cursor-mcp/" + tag)).build().toString()));
        created(api.post("/api/v1/server-workloads", Json.createObjectBuilder().add("name", server)
                .add("resourceUrl", "https://tracker.example.com/" + tag).build().toString()));
        created(api.post("/api/v1/server-workloads", Json.createObjectBuilder().add("name", other)
                .add("resourceUrl", "https://wiki.example.com/" + tag).build().toString()));
        String name = "Cursor to Tracker " + tag;
        open("access-policies.xhtml");

        click("list:new");
        dialogShown();
        type("editorForm:name", name);
        choose("editorForm:clientWorkload", client);
        click("editorForm:save");
        WebElement message = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("editorForm:serverWorkloadMessage")));
        assertFalse(message.getText().isBlank());

        choose("editorForm:serverWorkload", server);
        click("editorForm:save");
        dialogHidden();
        assertTrue(row(name).getText().contains(client) && row(name).getText().contains(server), row(name).getText());
        assertEquals(server, find("/api/v1/access-policies", name).getString("serverWorkloadName"));

        edit(name);
        choose("editorForm:serverWorkload", other);
        click("editorForm:save");
        dialogHidden();
        wait.until(d -> other.equals(find("/api/v1/access-policies", name).getString("serverWorkloadName")));

        toggle(name);
        wait.until(d -> !find("/api/v1/access-policies", name).getBoolean("active"));

        deleteWithConfirmation(name);
        assertTrue(findAll("/api/v1/access-policies", name).isEmpty());
    }

    // ------------------------------------------------------------------ page helpers

    private void open(String page) {
        driver.get(base.toExternalForm() + page);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("list:table")));
    }

    private void idle() {
        wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                "return !!window.PrimeFaces && PrimeFaces.ajax.Queue.isEmpty() && (!window.jQuery || jQuery.active === 0)"
                        + " && !document.querySelector('.ui-dialog.ui-overlay-visible.ui-dialog-hiding')"));
    }

    private void click(String id) {
        idle();
        wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
        idle();
    }

    private void type(String id, String text) {
        WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
        input.clear();
        input.sendKeys(text);
    }

    private void choose(String menuId, String label) {
        idle();
        By panel = By.id(menuId + "_panel");
        By item = By.cssSelector("[id='" + menuId + "_panel'] li[data-label='" + label + "']");
        // a click on an item while the panel still fades in, or just as an ajax update re-renders the menu, is
        // sometimes lost (the label stays as it was, seen on loaded machines): a person clicks again, and so do we
        for (int attempt = 1; ; attempt++) {
            if (!driver.findElement(panel).isDisplayed()) {
                driver.findElement(By.id(menuId)).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(panel));
            }
            wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                    "return !jQuery(arguments[0]).is(':animated')", d.findElement(panel))));
            wait.until(ExpectedConditions.elementToBeClickable(item)).click();
            try {
                new WebDriverWait(driver, Duration.ofSeconds(5))
                        .until(ExpectedConditions.textToBe(By.id(menuId + "_label"), label));
                break;
            } catch (TimeoutException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
        wait.until(ExpectedConditions.invisibilityOfElementLocated(panel));
    }

    private WebElement dialog() {
        return driver.findElement(By.id("editor"));
    }

    private void dialogShown() {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("editor")));
        idle();
    }

    private void dialogHidden() {
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("editor")));
        idle();
    }

    private WebElement row(String name) {
        return wait.until(d -> d.findElement(By.xpath("//tbody[@id='list:table_data']/tr[td[1][normalize-space()="
                + xpathLiteral(name) + "]]")));
    }

    private void edit(String name) {
        idle();
        wait.until(d -> row(name).findElement(By.cssSelector("button[title=" + cssLiteral("Edit " + name) + "]"))).click();
        dialogShown();
    }

    private void toggle(String name) {
        idle();
        wait.until(d -> row(name).findElement(By.cssSelector(".ui-toggleswitch"))).click();
        idle();
    }

    private void deleteWithConfirmation(String name) {
        idle();
        row(name).findElement(By.cssSelector("button[title=" + cssLiteral("Delete " + name) + "]")).click();
        WebElement confirm = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("list:confirm")));
        assertTrue(confirm.getText().contains(name), confirm.getText());
        click("list:confirmNo");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("list:confirm")));
        assertTrue(row(name).isDisplayed(), "cancel keeps the object");

        row(name).findElement(By.cssSelector("button[title=" + cssLiteral("Delete " + name) + "]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("list:confirm")));
        click("list:confirmYes");
        wait.until(d -> d.findElements(By.xpath("//tbody[@id='list:table_data']/tr[td[1][normalize-space()="
                + xpathLiteral(name) + "]]")).isEmpty());
        idle();
        assertTrue(driver.findElement(By.id("list:messages")).getText().contains("deleted"),
                driver.findElement(By.id("list:messages")).getText());
    }

    // ------------------------------------------------------------------ API helpers

    private JsonObject find(String collection, String name) {
        List<JsonObject> found = findAll(collection, name);
        assertEquals(1, found.size(), name + " in " + found);
        return found.get(0);
    }

    private List<JsonObject> findAll(String collection, String name) {
        return api.get(collection).array().getValuesAs(JsonObject.class).stream()
                .filter(o -> o.getString("name").equals(name)).toList();
    }

    private static void created(Api.Response response) {
        assertEquals(201, response.status(), response.toString());
    }

    private static String xpathLiteral(String text) {
        return "'" + text + "'";
    }

    private static String cssLiteral(String text) {
        return "'" + text + "'";
    }
}
