package io.peershare.it;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

/**
 * Debian's chromium, headless, driven by Debian's chromedriver: no download, no Selenium Manager (offline
 * machines). {@code deploy/test.sh} installs both (apt: chromium chromium-driver); elsewhere the suites that
 * need a browser are skipped with a line saying what to install.
 */
final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of(System.getProperty("peershare.it.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("peershare.it.chromedriver", "/usr/bin/chromedriver"));

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /**
     * Skips the calling suite when chromium or chromedriver is missing, unless {@code PEERSHARE_IT_BROWSER=required}
     * (CI's {@code .ci/run}), where that fails it: CI never counts a skipped browser suite as passing.
     */
    static void assumeInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        String advice = "no " + CHROMIUM + " or " + DRIVER + ": install chromium and chromium-driver (apt-get install"
                + " chromium chromium-driver; deploy/test.sh does) to run the browser suites";
        if ("required".equals(System.getenv("PEERSHARE_IT_BROWSER")) && !installed) {
            throw new IllegalStateException(advice);
        }
        Assumptions.assumeTrue(installed, advice);
    }

    static Browser start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // As root (CI) chromium needs --no-sandbox; /dev/shm is small in some containers and VMs.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--no-first-run", "--disable-extensions");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return new Browser(driver);
    }

    ChromeDriver open(String url) {
        driver.get(url);
        return driver;
    }

    /** Console messages at SEVERE level since the last call (failed loads, script errors, console.error). */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::toString)
                .toList();
    }

    void screenshot(Path file) {
        Path taken = driver.getScreenshotAs(OutputType.FILE).toPath();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.copy(taken, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the screenshot to " + file, e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
