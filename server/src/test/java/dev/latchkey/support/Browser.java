package dev.latchkey.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's build and driver), with a fresh profile, for the tests that must
 * see pages the way a user does. The driver and browser paths are given explicitly, so Selenium Manager
 * never downloads anything. Screenshots go to {@code target/screenshots/}.
 */
public final class Browser implements AutoCloseable {

    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private static final String CHROMIUM = "/usr/bin/chromium";

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final ChromeDriver driver;

    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Browser start() {
        return start(Map.of());
    }

    /**
     * Starts a browser in which each host name of {@code hostToAddress} resolves to the given
     * {@code host:port} (Chromium's {@code --host-resolver-rules}): a client's redirect URI such as
     * {@code http://my-sexy-spa/} then reaches a server the test runs, and no real DNS is involved.
     */
    public static Browser start(Map<String, String> hostToAddress) {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        Path profile = createProfileDirectory();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(arguments(profile, hostToAddress));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(WAIT);
            return new Browser(driver, profile);
        }
        catch (RuntimeException ex) {
            deleteRecursively(profile);
            throw ex;
        }
    }

    private static List<String> arguments(Path profile, Map<String, String> hostToAddress) {
        List<String> arguments = new ArrayList<>(List.of("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-proxy-server", "--window-size=1024,768", "--user-data-dir=" + profile));
        if (!hostToAddress.isEmpty()) {
            arguments.add("--host-resolver-rules=" + hostToAddress.entrySet()
                .stream()
                .map(mapping -> "MAP " + mapping.getKey() + " " + mapping.getValue())
                .collect(Collectors.joining(",")));
        }
        return arguments;
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    public String title() {
        return driver.getTitle();
    }

    /** Waits for the element to be present and visible. */
    public WebElement find(By locator) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /** Replaces the value of the input with this id. */
    public void fill(String id, String value) {
        WebElement input = find(By.id(id));
        input.clear();
        input.sendKeys(value);
    }

    /**
     * Clicks and waits until the next page has loaded in place of this one, at a new URL or at the same one (a
     * form that shows its errors renders its page again).
     */
    public void clickAndWaitForNavigation(By locator) {
        WebElement element = find(locator);
        // The page without this mark is the next one, whatever its URL.
        driver.executeScript("document.latchkeyPreviousPage = true;");
        element.click();
        new WebDriverWait(driver, WAIT).withMessage(this::whereItIs)
            // While one page replaces the other, a script can fail with the old page's context gone under it;
            // the next poll reads the new page. The last error is the cause if the wait times out.
            .ignoring(WebDriverException.class)
            .until(d -> (Boolean) driver.executeScript(
                    "return !document.latchkeyPreviousPage && document.readyState === 'complete';"));
    }

    /** Waits until the current URL matches, and returns it. */
    public String waitForUrl(Predicate<String> condition) {
        new WebDriverWait(driver, WAIT).withMessage(this::whereItIs)
            .until(d -> condition.test(d.getCurrentUrl()));
        return currentUrl();
    }

    /** For a failure message: the URL and what the page says. */
    private String whereItIs() {
        String text = driver.findElements(By.tagName("body")).stream().map(WebElement::getText).findFirst().orElse("");
        return "URL is still " + currentUrl() + ", showing \"" + driver.getTitle() + "\":\n"
                + text.substring(0, Math.min(text.length(), 600));
    }

    /** Saves a PNG of the visible page as {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        }
        finally {
            deleteRecursively(profile);
        }
    }

    private static Path createProfileDirectory() {
        try {
            return Files.createTempDirectory("latchkey-chromium-");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ex) {
            // A leftover temporary profile is harmless; the test outcome does not depend on it.
        }
    }
}
