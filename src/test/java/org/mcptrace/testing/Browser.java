package org.mcptrace.testing;

import java.io.File;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Starts Debian's Chromium through Debian's chromedriver. Selenium Manager never runs because both paths are given,
 * and browser downloads do not work on these machines anyway. With MCPTRACE_BROWSER_TESTS=required in the
 * environment (set by .ci/run) or -Dbrowser.required=true, a missing browser fails the test instead of skipping it.
 */
public final class Browser {

    public static final String CHROMIUM = System.getProperty("chromium.binary", "/usr/bin/chromium");
    public static final String CHROMEDRIVER = System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");

    private Browser() {
    }

    public static ChromeDriver start() {
        return start(false);
    }

    /** A browser that accepts a test's own self-signed TLS certificate (TestCertificate), as it would a trusted one. */
    public static ChromeDriver startAcceptingTestCertificates() {
        return start(true);
    }

    private static ChromeDriver start(boolean acceptTestCertificates) {
        boolean present = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
        if (required()) {
            if (!present) {
                throw new IllegalStateException("browser tests are required but " + CHROMIUM + " or " + CHROMEDRIVER
                        + " is missing: run .ci/run or apt-get install -y chromium chromium-driver");
            }
        } else {
            Assumptions.assumeTrue(present, "Chromium not installed; browser test skipped (CI requires it)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1600,1000", "--lang=en-US");
        // console messages (Content Security Policy violations among them) for tests that check the page ran cleanly
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        options.setAcceptInsecureCerts(acceptTestCertificates);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    static boolean required() {
        return Boolean.getBoolean("browser.required") || "required".equalsIgnoreCase(System.getenv("MCPTRACE_BROWSER_TESTS"));
    }

    /**
     * Signs in through the login page, as a person would, and waits until the console has answered. Every browser test
     * starts here: the console requires a session.
     */
    public static void signIn(ChromeDriver driver, java.net.URL base, String user, String password) {
        String root = base.toExternalForm().endsWith("/") ? base.toExternalForm() : base.toExternalForm() + "/";
        driver.get(root + "login.xhtml");
        driver.findElement(org.openqa.selenium.By.id("login:username")).sendKeys(user);
        driver.findElement(org.openqa.selenium.By.id("login:password")).sendKeys(password);
        driver.findElement(org.openqa.selenium.By.id("login:signIn")).click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> !d.getCurrentUrl().contains("login.xhtml")
                && !d.findElements(org.openqa.selenium.By.id("account:signOut")).isEmpty());
    }

    /**
     * Waits on a condition of the page, ten seconds unless told otherwise. An element that a re-render or a reload
     * replaces while the condition reads it is read again at the next poll: pages that push, re-render or reload
     * themselves (the tracing screen, a failover) do that at any time.
     */
    public static FluentWait<WebDriver> waitFor(ChromeDriver driver) {
        return new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class);
    }
}
