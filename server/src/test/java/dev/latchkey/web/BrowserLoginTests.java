package dev.latchkey.web;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BOB;
import static dev.latchkey.support.TestWorld.BOB_PASSWORD;
import static dev.latchkey.support.TestWorld.CONSENT_SPA;
import static dev.latchkey.support.TestWorld.CONSENT_SPA_REDIRECT;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;

import dev.latchkey.support.Browser;
import dev.latchkey.support.ClientCallbackServer;
import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient.AuthorizationResponse;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.SharedServers;

/**
 * The sign-in and consent pages in real headless Chromium: a user follows an application's
 * authorization link, signs in (and approves or denies), and the browser lands on the application's
 * redirect URI, served here by a {@link ClientCallbackServer} the browser resolves the client hosts to.
 */
@ParameterizedClass
@EnumSource(Database.class)
class BrowserLoginTests {

    private static final By SUBMIT = By.cssSelector("main form button[type=submit]");

    @Parameter
    Database database;

    ClientCallbackServer clientHosts;

    Browser browser;

    @BeforeEach
    void startBrowser() {
        clientHosts = ClientCallbackServer.start();
        browser = Browser.start(Map.of(URI.create(SPA_REDIRECT).getHost(), clientHosts.address(),
                URI.create(CONSENT_SPA_REDIRECT).getHost(), clientHosts.address()));
    }

    @AfterEach
    void stopBrowser() {
        try {
            browser.close();
        }
        finally {
            clientHosts.close();
        }
    }

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void signInInBrowserRedirectsToClientWithCodeThatRedeemsForApiAccess() {
        PkcePair pkce = PkcePair.generate();
        String state = newState();
        browser.open(authorizeUrl(SPA, SPA_REDIRECT, state, pkce));

        assertThat(browser.waitForUrl(url -> url.startsWith(server().url("/login")))).isEqualTo(server().url("/login"));
        assertThat(browser.title()).isEqualTo("Sign in · Latchkey");
        assertThat(browser.find(By.cssSelector("label[for=username]")).getText()).isEqualTo("Username");
        assertThat(browser.find(By.cssSelector("label[for=password]")).getText()).isEqualTo("Password");
        browser.screenshot("login-page-" + databaseName());

        signIn(ALICE, ALICE_PASSWORD);

        String landing = browser.waitForUrl(url -> url.startsWith(SPA_REDIRECT));
        Map<String, String> query = query(landing);
        assertThat(query).containsEntry("state", state).containsEntry("iss", server().baseUrl()).containsKey("code");
        assertThat(clientHosts.received()).containsExactly(URI.create(landing));

        Response token = server().client()
            .redeem(SPA, new AuthorizationResponse(landing, query.get("code"), state, query.get("iss")), SPA_REDIRECT,
                    pkce.verifier());
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        Response api = server().client().getWithBearer("/api/test/", token.jsonString("access_token"));
        assertThat(api.status()).isEqualTo(200);
        assertThat(api.json()).containsEntry("success", true).containsEntry("user", ALICE);
    }

    @Test
    void wrongPasswordInBrowserShowsErrorAndNeverReachesClientUntilCorrected() {
        String state = newState();
        browser.open(authorizeUrl(SPA, SPA_REDIRECT, state, PkcePair.generate()));
        browser.waitForUrl(url -> url.startsWith(server().url("/login")));

        signIn(ALICE, "not-" + ALICE_PASSWORD);

        assertThat(browser.waitForUrl(url -> url.contains("error"))).isEqualTo(server().url("/login?error"));
        assertThat(browser.find(By.cssSelector("[role=alert]")).getText())
            .isEqualTo("The username or password is not right, or the account cannot sign in.");
        assertThat(browser.find(By.id("password")).getAttribute("value")).isEmpty();
        browser.screenshot("login-error-" + databaseName());
        assertThat(clientHosts.received()).isEmpty();

        signIn(ALICE, ALICE_PASSWORD);

        assertThat(query(browser.waitForUrl(url -> url.startsWith(SPA_REDIRECT)))).containsEntry("state", state)
            .containsKey("code");
    }

    @Test
    void approvedConsentRedirectsWithCodeAndIsNotAskedAgain() {
        forgetConsent(ALICE);
        String firstState = newState();
        browser.open(authorizeUrl(CONSENT_SPA, CONSENT_SPA_REDIRECT, firstState, PkcePair.generate()));
        browser.waitForUrl(url -> url.startsWith(server().url("/login")));
        signIn(ALICE, ALICE_PASSWORD);

        browser.waitForUrl(url -> url.startsWith(server().url("/consent")));
        assertThat(browser.find(By.tagName("h1")).getText()).contains(CONSENT_SPA + " (test)");
        assertThat(browser.driver().findElements(By.cssSelector("input[name=scope]:checked")))
            .extracting(input -> input.getAttribute("value"))
            .containsExactly("read", "write");
        assertThat(browser.find(By.cssSelector("label[for=scope-read]")).getText()).isEqualTo("read");
        assertThat(browser.find(By.cssSelector("label[for=scope-write]")).getText()).isEqualTo("write");
        browser.screenshot("consent-page-" + databaseName());

        browser.clickAndWaitForNavigation(By.id("approve"));

        Map<String, String> approved = query(browser.waitForUrl(url -> url.startsWith(CONSENT_SPA_REDIRECT)));
        assertThat(approved).containsEntry("state", firstState).containsKey("code").doesNotContainKey("error");
        assertThat(storedConsent(ALICE)).containsExactlyInAnyOrder("read", "write");

        PkcePair second = PkcePair.generate();
        String secondState = newState();
        browser.open(authorizeUrl(CONSENT_SPA, CONSENT_SPA_REDIRECT, secondState, second));

        String landing = browser.waitForUrl(url -> url.startsWith(CONSENT_SPA_REDIRECT)
                || url.startsWith(server().url("/consent")));
        assertThat(landing).startsWith(CONSENT_SPA_REDIRECT + "?code=");
        Map<String, String> remembered = query(landing);
        assertThat(remembered).containsEntry("state", secondState);
        Response token = server().client()
            .redeem(CONSENT_SPA, new AuthorizationResponse(landing, remembered.get("code"), secondState,
                    remembered.get("iss")), CONSENT_SPA_REDIRECT, second.verifier());
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        assertThat(token.json()).containsEntry("scope", "read write");
    }

    @Test
    void deniedConsentRedirectsToClientWithAccessDenied() {
        forgetConsent(BOB);
        String state = newState();
        browser.open(authorizeUrl(CONSENT_SPA, CONSENT_SPA_REDIRECT, state, PkcePair.generate()));
        browser.waitForUrl(url -> url.startsWith(server().url("/login")));
        signIn(BOB, BOB_PASSWORD);
        browser.waitForUrl(url -> url.startsWith(server().url("/consent")));

        browser.clickAndWaitForNavigation(By.id("deny"));

        Map<String, String> denied = query(browser.waitForUrl(url -> url.startsWith(CONSENT_SPA_REDIRECT)));
        assertThat(denied).containsEntry("error", "access_denied")
            .containsEntry("state", state)
            .containsEntry("iss", server().baseUrl())
            .doesNotContainKey("code");
        assertThat(storedConsent(BOB)).isEmpty();
    }

    private void signIn(String username, String password) {
        browser.fill("username", username);
        browser.fill("password", password);
        browser.clickAndWaitForNavigation(SUBMIT);
    }

    private String authorizeUrl(String clientId, String redirectUri, String state, PkcePair pkce) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("response_type", "code");
        parameters.put("client_id", clientId);
        parameters.put("redirect_uri", redirectUri);
        parameters.put("scope", "read write");
        parameters.put("state", state);
        parameters.put("code_challenge", pkce.challenge());
        parameters.put("code_challenge_method", "S256");
        StringBuilder url = new StringBuilder(server().url("/o/authorize/?"));
        parameters.forEach((name, value) -> url.append(name)
            .append('=')
            .append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"))
            .append('&'));
        return url.substring(0, url.length() - 1);
    }

    /** Consents are remembered per user on the shared server: each consent test starts from none. */
    private void forgetConsent(String username) {
        server().jdbc()
            .sql("DELETE FROM authorization_consent WHERE client_id = ? AND principal_name = ?")
            .params(CONSENT_SPA, username)
            .update();
    }

    private List<String> storedConsent(String username) {
        return server().jdbc()
            .sql("SELECT scopes FROM authorization_consent WHERE client_id = ? AND principal_name = ?")
            .params(CONSENT_SPA, username)
            .query(String.class)
            .list()
            .stream()
            .flatMap(scopes -> Arrays.stream(scopes.split(" ")))
            .toList();
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

    private static String newState() {
        return "st-" + UUID.randomUUID();
    }

    private String databaseName() {
        return database.name().toLowerCase(Locale.ROOT);
    }
}
