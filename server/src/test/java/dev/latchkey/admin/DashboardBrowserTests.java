package dev.latchkey.admin;

import static dev.latchkey.admin.AdminWorld.ADMIN;
import static dev.latchkey.admin.AdminWorld.ADMIN_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.latchkey.support.Browser;
import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;

/**
 * The console's dashboard in real headless Chromium: after a burst of token requests (and some refused), an
 * operator opens it and its charts draw the burst in the current minute, from the charting library served from
 * the jar, under the console's Content-Security-Policy. The page is saved as {@code target/dashboard.png} (H2) and
 * {@code target/dashboard-postgres.png}.
 */
@ParameterizedClass
@EnumSource(Database.class)
class DashboardBrowserTests {

    private static final int BURST = 40;

    private static final int REFUSED = 5;

    @Parameter
    Database database;

    Browser browser;

    @BeforeEach
    void startBrowser() {
        browser = Browser.start();
    }

    @AfterEach
    void stopBrowser() {
        browser.close();
    }

    LatchkeyServer server() {
        return AdminWorld.server(database);
    }

    @Test
    void dashboardDrawsABurstOfTokenRequestsAtOnce() throws IOException {
        OAuthClient backend = server().client();
        for (int i = 0; i < BURST; i++) {
            assertThat(backend.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET,
                    Map.of("grant_type", "client_credentials", "scope", "read")).status()).isEqualTo(200);
        }
        for (int i = 0; i < REFUSED; i++) {
            assertThat(backend.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET,
                    Map.of("grant_type", "client_credentials", "scope", "not-a-scope")).status()).isEqualTo(400);
        }

        browser.driver().manage().window().setSize(new Dimension(1100, 1450));
        signInAsAdmin();
        browser.clickAndWaitForNavigation(By.linkText("Dashboard"));
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Dashboard");
        assertThat(browser.find(By.cssSelector("main .help")).getText()).contains("This node's figures");

        JavascriptExecutor script = (JavascriptExecutor) browser.driver();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(driver -> script
            .executeScript("return window.latchkeyDashboard && window.latchkeyDashboard.loads > 0"));
        assertThat(total(script, "tokens", 1)).isGreaterThanOrEqualTo(BURST);
        assertThat(total(script, "tokens", 2)).isGreaterThanOrEqualTo(REFUSED);
        assertThat(total(script, "latency", 1)).isPositive();
        for (String chart : new String[] { "tokens", "logins", "latency" }) {
            assertThat(drawnPixels(script, chart)).as(chart).isGreaterThan(1000);
        }
        assertThat(browser.find(By.id("dashboard-status")).getText()).startsWith("Updated");

        Path screenshot = Path.of("target", database == Database.H2 ? "dashboard.png" : "dashboard-postgres.png");
        Files.write(screenshot, ((TakesScreenshot) browser.driver()).getScreenshotAs(OutputType.BYTES));
    }

    /** The sum of one series of a chart, as the chart holds it (uPlot's {@code data}; column 0 is time). */
    private static double total(JavascriptExecutor script, String chart, int series) {
        Object total = script.executeScript("var values = window.latchkeyDashboard.charts[arguments[0]].data[arguments[1]];"
                + "return values.reduce(function (sum, value) { return sum + (value || 0); }, 0);", chart, series);
        return ((Number) total).doubleValue();
    }

    /** How many pixels of the chart's canvas are painted: a blank canvas has none. */
    private static long drawnPixels(JavascriptExecutor script, String chart) {
        Object drawn = script.executeScript("var canvas = document.querySelector('#chart-' + arguments[0] + ' canvas');"
                + "var pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;"
                + "var painted = 0; for (var i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) { painted++; } }"
                + "return painted;", chart);
        return ((Number) drawn).longValue();
    }

    private void signInAsAdmin() {
        browser.open(server().url("/admin/"));
        browser.waitForUrl(url -> url.startsWith(server().url("/login")));
        browser.fill("username", ADMIN);
        browser.fill("password", ADMIN_PASSWORD);
        browser.clickAndWaitForNavigation(By.cssSelector("main form button[type=submit]"));
        browser.waitForUrl(url -> url.startsWith(server().url("/admin/")));
    }
}
