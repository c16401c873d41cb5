package dev.latchkey.admin;

import static dev.latchkey.admin.AdminWorld.ADMIN;
import static dev.latchkey.admin.AdminWorld.ADMIN_PASSWORD;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
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
import org.openqa.selenium.WebElement;

import dev.latchkey.support.Browser;
import dev.latchkey.support.ClientCallbackServer;
import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.AuthorizationResponse;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;

/**
 * The admin console in real headless Chromium, walked as an operator would: sign in, register a public SPA
 * and a confidential service, copy the secret from the one page that shows it, use both applications for
 * real, rotate the secret, revoke a grant, disable a user, rotate the signing keys. Every page is saved as
 * {@code target/screenshots/admin-*.png}.
 */
@ParameterizedClass
@EnumSource(Database.class)
class AdminConsoleBrowserTests {

    @Parameter
    Database database;

    ClientCallbackServer callbacks;

    Browser browser;

    @BeforeEach
    void startBrowser() {
        callbacks = ClientCallbackServer.start();
        browser = Browser.start();
    }

    @AfterEach
    void stopBrowser() {
        try {
            browser.close();
        }
        finally {
            callbacks.close();
        }
    }

    LatchkeyServer server() {
        return AdminWorld.server(database);
    }

    @Test
    void operatorRegistersAPublicSpaAndAConfidentialServiceThatWorkAtOnce() {
        signInAsAdmin();
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Overview");
        screenshot("home");

        browser.clickAndWaitForNavigation(By.linkText("Applications"));
        screenshot("applications");
        browser.clickAndWaitForNavigation(By.id("new-application"));
        screenshot("application-new");

        String spaId = "browser-spa-" + db();
        String spaRedirect = "http://" + callbacks.address() + "/spa/callback";
        browser.fill("client_id", spaId);
        browser.fill("name", "Browser SPA");
        browser.fill("redirect_uris", "http://spa.example/callback\n" + spaRedirect + "#section");
        browser.fill("scopes", "read write");
        browser.clickAndWaitForNavigation(By.id("save"));
        assertThat(browser.find(By.id("problems")).getText()).contains("The application was not saved");
        assertThat(browser.find(By.id("redirect_uris-error")).getText()).contains("http://spa.example/callback")
            .contains("loopback");
        assertThat(browser.driver().findElements(By.cssSelector(".field-error")))
            .extracting(WebElement::getText)
            .anySatisfy(text -> assertThat(text).contains("fragment"));
        screenshot("application-errors");

        browser.fill("redirect_uris", spaRedirect);
        browser.find(By.id("skip_authorization")).click();
        browser.clickAndWaitForNavigation(By.id("save"));
        assertThat(browser.find(By.cssSelector("[role=status]")).getText()).isEqualTo("Application created.");
        assertThat(browser.driver().findElements(By.id("client-secret"))).isEmpty();
        assertThat(browser.driver().findElements(By.id("rotate-secret"))).isEmpty();
        assertThat(browser.driver().findElement(By.id("grant-client_credentials")).isDisplayed()).isFalse();
        screenshot("application-edit-public");

        String serviceId = "browser-service-" + db();
        browser.open(server().url("/admin/applications/new"));
        browser.fill("client_id", serviceId);
        browser.fill("name", "Reporting service");
        browser.find(By.id("type-confidential")).click();
        browser.find(By.id("grant-authorization_code")).click();
        browser.find(By.id("grant-refresh_token")).click();
        browser.find(By.id("grant-client_credentials")).click();
        browser.fill("scopes", "read");
        browser.clickAndWaitForNavigation(By.id("save"));

        String secret = browser.find(By.id("client-secret")).getText();
        assertThat(secret).hasSize(43);
        assertThat(browser.find(By.cssSelector(".warning")).getText()).contains("only time it is shown");
        browser.find(By.id("copy-secret")).click();
        screenshot("application-secret");

        browser.clickAndWaitForNavigation(By.id("done"));
        assertThat(browser.find(By.id("secret-created")).getText()).endsWith("UTC");
        assertThat(browser.driver().getPageSource()).doesNotContain(secret);
        screenshot("application-edit-confidential");
        browser.open(server().url("/admin/applications"));
        assertThat(browser.driver().getPageSource()).doesNotContain(secret).contains(spaId).contains(serviceId);

        Response serviceToken = server().client().postWithBasic("/o/token/", serviceId, secret,
                Map.of("grant_type", "client_credentials", "scope", "read"));
        assertThat(serviceToken.status()).as(serviceToken.toString()).isEqualTo(200);
        assertThat(server().client().getWithBearer("/api/test/", serviceToken.jsonString("access_token")).json())
            .containsEntry("user", serviceId);

        PkcePair pkce = PkcePair.generate();
        browser.open(authorizeUrl(spaId, spaRedirect, pkce));
        String landing = browser.waitForUrl(url -> url.startsWith(spaRedirect));
        Map<String, String> query = query(landing);
        Response spaTokens = server().client().redeem(spaId,
                new AuthorizationResponse(landing, query.get("code"), query.get("state"), query.get("iss")), spaRedirect,
                pkce.verifier());
        assertThat(spaTokens.status()).as(spaTokens.toString()).isEqualTo(200);
        assertThat(server().client().getWithBearer("/api/test/", spaTokens.jsonString("access_token")).json())
            .containsEntry("user", ADMIN);

        browser.open(server().url("/account/apps"));
        assertThat(browser.find(By.id("app-" + spaId)).getText()).contains("Browser SPA").contains("read, write");
        screenshot("connected-apps");

        browser.open(server().url("/admin/applications/" + serviceId));
        browser.clickAndWaitForNavigation(By.id("rotate-secret"));
        screenshot("confirm-rotate-secret");
        browser.clickAndWaitForNavigation(By.id("confirm"));
        String newSecret = browser.find(By.id("client-secret")).getText();
        assertThat(newSecret).hasSize(43).isNotEqualTo(secret);
        Map<String, String> clientCredentials = Map.of("grant_type", "client_credentials");
        assertThat(server().client().postWithBasic("/o/token/", serviceId, secret, clientCredentials).status())
            .isEqualTo(401);
        assertThat(server().client().postWithBasic("/o/token/", serviceId, newSecret, clientCredentials).status())
            .isEqualTo(200);
    }

    @Test
    void operatorRevokesAGrantThenDisablesTheUserWhoseLoginAndRefreshTokensAreThenRefused() {
        signInAsAdmin();
        String username = "carol-" + db();
        browser.open(server().url("/admin/users"));
        browser.fill("username", username);
        browser.clickAndWaitForNavigation(By.id("create-user"));
        String password = browser.find(By.id("generated-password")).getText();
        assertThat(password).hasSize(22);
        screenshot("user-password");
        browser.clickAndWaitForNavigation(By.id("done"));
        assertThat(browser.driver().getPageSource()).doesNotContain(password);
        screenshot("users");

        OAuthClient carol = server().client();
        assertThat(carol.login(username, password).header("Location")).doesNotContain("error");
        Response first = spaTokens(carol);
        Response second = spaTokens(carol);

        browser.open(server().url("/admin/grants?user=" + username));
        assertThat(browser.driver().findElements(By.cssSelector("#grants tbody tr"))).hasSize(2);
        screenshot("grants");
        String firstGrant = grantIdOf(first);
        browser.clickAndWaitForNavigation(By.cssSelector("#grant-" + firstGrant + " a.revoke"));
        screenshot("confirm-revoke-grant");
        browser.clickAndWaitForNavigation(By.id("confirm"));
        assertThat(browser.find(By.cssSelector("[role=status]")).getText()).contains("Revoked grant " + firstGrant);
        assertThat(refresh(first).status()).isEqualTo(400);
        assertThat(server().client().getWithBearer("/api/test/", first.jsonString("access_token")).status()).isEqualTo(401);
        assertThat(server().client().getWithBearer("/api/test/", second.jsonString("access_token")).status())
            .isEqualTo(200);

        browser.open(server().url("/admin/users"));
        browser.clickAndWaitForNavigation(By.cssSelector("#user-" + username + " a.disable"));
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Disable " + username);
        screenshot("confirm-disable-user");
        browser.clickAndWaitForNavigation(By.id("confirm"));
        assertThat(browser.find(By.cssSelector("#user-" + username + " .badge")).getText()).isEqualTo("disabled");

        assertThat(server().client().login(username, password).header("Location")).endsWith("/login?error");
        Response refused = refresh(second);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json()).containsEntry("error", "invalid_grant");
        assertThat(server().client().getWithBearer("/api/test/", second.jsonString("access_token")).status())
            .isEqualTo(401);
        assertThat(carol.get("/", Map.of("Accept", "text/html")).status()).as("her session has ended").isEqualTo(302);

        browser.open(server().url("/admin/"));
        assertThat(browser.find(By.id("security-events")).getText()).contains("login.failed").contains(username)
            .contains("disabled");
        screenshot("home-security-events");
    }

    @Test
    void operatorRotatesSigningKeysAndReadsTheAuditLog() {
        signInAsAdmin();
        browser.open(server().url("/admin/keys"));
        int before = browser.driver().findElements(By.cssSelector("#keys tbody tr")).size();
        screenshot("keys");
        browser.clickAndWaitForNavigation(By.id("rotate-keys"));
        screenshot("confirm-rotate-keys");
        browser.clickAndWaitForNavigation(By.id("confirm"));
        assertThat(browser.driver().findElements(By.cssSelector("#keys tbody tr"))).hasSize(before + 2);
        assertThat(browser.driver().findElements(By.cssSelector("#keys .badge-published"))).hasSizeGreaterThanOrEqualTo(2);

        browser.open(server().url("/admin/audit"));
        assertThat(browser.find(By.id("audit-events")).getText()).contains("signing-keys.rotated").contains(ADMIN);
        screenshot("audit");
    }

    private void signInAsAdmin() {
        browser.open(server().url("/admin/"));
        browser.waitForUrl(url -> url.startsWith(server().url("/login")));
        browser.fill("username", ADMIN);
        browser.fill("password", ADMIN_PASSWORD);
        browser.clickAndWaitForNavigation(By.cssSelector("main form button[type=submit]"));
        browser.waitForUrl(url -> url.startsWith(server().url("/admin/")));
    }

    private static Response spaTokens(OAuthClient user) {
        return user.codeFlowTokens(SPA, SPA_REDIRECT, "read");
    }

    private Response refresh(Response tokens) {
        return server().client().token(Map.of("grant_type", "refresh_token", "client_id", SPA, "refresh_token",
                tokens.jsonString("refresh_token")));
    }

    private String grantIdOf(Response tokens) {
        return server().jdbc()
            .sql("SELECT id FROM oauth_authorization WHERE refresh_token_hash = ?")
            .param(PkcePair.sha256Hex(tokens.jsonString("refresh_token")))
            .query(String.class)
            .single();
    }

    /** The whole page, not only the window: the window grows to the page's height for the picture. */
    private void screenshot(String page) {
        Dimension window = browser.driver().manage().window().getSize();
        Object height = ((JavascriptExecutor) browser.driver()).executeScript(
                "return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight;");
        browser.driver().manage().window().setSize(new Dimension(window.getWidth(),
                Math.max(window.getHeight(), ((Number) height).intValue())));
        browser.screenshot("admin-" + page + "-" + db());
        browser.driver().manage().window().setSize(window);
    }

    private String authorizeUrl(String clientId, String redirectUri, PkcePair pkce) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("response_type", "code");
        parameters.put("client_id", clientId);
        parameters.put("redirect_uri", redirectUri);
        parameters.put("scope", "read write");
        parameters.put("state", "st-" + System.nanoTime());
        parameters.put("code_challenge", pkce.challenge());
        parameters.put("code_challenge_method", "S256");
        StringBuilder url = new StringBuilder(server().url("/o/authorize/?"));
        parameters.forEach((name, value) -> url.append(name)
            .append('=')
            .append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"))
            .append('&'));
        return url.substring(0, url.length() - 1);
    }

    private static Map<String, String> query(String url) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = URI.create(url).getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    private String db() {
        return database.name().toLowerCase(Locale.ROOT);
    }
}
