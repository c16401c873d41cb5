package dev.latchkey.web;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.CONSENT_SPA;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.SharedServers;

/**
 * What the pages promise a browser, checked over plain HTTP: CSRF tokens, no framing, nothing loaded
 * from elsewhere, sign-in refusals that tell nothing about which accounts exist, and error pages
 * without internals.
 */
@ParameterizedClass
@EnumSource(Database.class)
class PageSecurityTests {

    private static final Map<String, String> HTML = Map.of("Accept", "text/html,application/xhtml+xml");

    private static final Pattern CSRF_INPUT = Pattern
        .compile("<input type=\"hidden\" name=\"_csrf\" value=\"([A-Za-z0-9_-]{20,})\"");

    private static final Pattern URL_ATTRIBUTE = Pattern.compile("\\b(?:src|href|action)\\s*=\\s*\"([^\"]*)\"");

    private static final Pattern ALERT = Pattern.compile("<p[^>]*role=\"alert\"[^>]*>([^<]*)</p>");

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void loginPageCarriesCsrfTokenAndRefusesToBeFramed() {
        Response login = server().client().get("/login", HTML);

        assertThat(login.status()).isEqualTo(200);
        assertThat(login.header("Content-Type")).startsWith("text/html");
        assertThat(CSRF_INPUT.matcher(login.body()).find()).as(login.body()).isTrue();
        assertThat(login.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(login.header("Content-Security-Policy")).contains("frame-ancestors 'none'")
            .contains("default-src 'self'");
    }

    @Test
    void pageWhenAnonymousRequestAcceptsAnythingThenRedirectsToLogin() {
        // curl's and most HTTP libraries' Accept: a page that needs a sign-in sends it to the login page too, not to a
        // bare 403 (the entry point of the metrics scrape once took over every request that did not ask for HTML).
        Response account = server().client().get("/account/apps", Map.of("Accept", "*/*"));
        Response consent = server().client()
            .get("/consent?client_id=my-sexy-spa&scope=read&state=s", Map.of("Accept", "*/*"));

        assertThat(account.status()).isEqualTo(302);
        assertThat(account.header("Location")).endsWith("/login");
        assertThat(consent.status()).isEqualTo(302);
        assertThat(consent.header("Location")).endsWith("/login");
    }

    @Test
    void loginPageLoadsNothingFromOtherHostsAndHasNoInlineCode() {
        OAuthClient browser = server().client();
        String page = browser.get("/login", HTML).body();

        List<String> urls = URL_ATTRIBUTE.matcher(page).results().map(match -> match.group(1)).toList();
        assertThat(urls).isNotEmpty()
            .allSatisfy(url -> assertThat(url).satisfiesAnyOf(
                    local -> assertThat(local).startsWith("/").doesNotStartWith("//"),
                    absolute -> assertThat(absolute).startsWith(server().baseUrl() + "/")));
        assertThat(page).doesNotContainPattern("(?i)<script(?![^>]*\\bsrc=)")
            .doesNotContainPattern("(?i)<style")
            .doesNotContainPattern("(?i)\\sstyle\\s*=")
            .doesNotContainPattern("(?i)\\son[a-z]+\\s*=");

        Response stylesheet = browser.get("/css/latchkey.css", Map.of("Accept", "text/css"));
        assertThat(stylesheet.status()).isEqualTo(200);
        assertThat(stylesheet.body()).doesNotContainPattern("(?i)@import")
            .doesNotContainPattern("(?i)url\\(\\s*['\"]?(https?:)?//");
    }

    @Test
    void loginWithoutCsrfTokenIsForbiddenAndSignsNobodyIn() {
        OAuthClient browser = server().client();
        assertThat(browser.get("/login", HTML).status()).isEqualTo(200);

        Response forged = browser.postForm("/login", Map.of("username", ALICE, "password", ALICE_PASSWORD), null);

        assertThat(forged.status()).isEqualTo(403);
        Response home = browser.get("/", HTML);
        assertThat(home.status()).isEqualTo(302);
        assertThat(home.header("Location")).isEqualTo(server().url("/login"));
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameRefusal() {
        OAuthClient knownUser = server().client();
        OAuthClient unknownUser = server().client();
        String unknownName = "nobody-" + System.nanoTime();

        Response wrongPassword = knownUser.login(ALICE, "not-" + ALICE_PASSWORD);
        Response noSuchUser = unknownUser.login(unknownName, ALICE_PASSWORD);

        assertThat(wrongPassword.status()).isEqualTo(302);
        assertThat(wrongPassword.header("Location")).isEqualTo(server().url("/login?error"));
        assertThat(noSuchUser.status()).isEqualTo(302);
        assertThat(noSuchUser.header("Location")).isEqualTo(wrongPassword.header("Location"));

        String wrongPasswordPage = knownUser.get("/login?error", HTML).body();
        String noSuchUserPage = unknownUser.get("/login?error", HTML).body();
        Matcher alert = ALERT.matcher(wrongPasswordPage);
        assertThat(alert.find()).as(wrongPasswordPage).isTrue();
        assertThat(alert.group(1)).contains("username or password is not right");
        assertThat(withoutCsrfToken(noSuchUserPage)).isEqualTo(withoutCsrfToken(wrongPasswordPage))
            .doesNotContain(unknownName);
        assertThat(knownUser.get("/", HTML).header("Location")).isEqualTo(server().url("/login"));
    }

    @Test
    void unknownPageIsAnHtml404WithoutInternals() {
        OAuthClient signedIn = server().client();
        assertThat(signedIn.login(ALICE, ALICE_PASSWORD).header("Location")).doesNotContain("error");

        Response missing = signedIn.get("/no-such-page-" + System.nanoTime(), HTML);

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("text/html");
        assertThat(missing.body()).contains("There is nothing at this address")
            .doesNotContain("Exception")
            .doesNotContain("at dev.latchkey")
            .doesNotContain("Whitelabel");
    }

    @Test
    void missingStylesheetIsAnHtml404WithoutInternalsEvenWhenSignedOut() {
        Response missing = server().client().get("/css/no-such-" + System.nanoTime() + ".css", HTML);

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("text/html");
        assertThat(missing.body()).contains("There is nothing at this address")
            .doesNotContain("Exception")
            .doesNotContain("at dev.latchkey");
    }

    @Test
    void consentPageRequiresSignIn() {
        Response consent = server().client()
            .get("/consent?client_id=" + CONSENT_SPA + "&scope=read%20write&state=forged", HTML);

        assertThat(consent.status()).isEqualTo(302);
        assertThat(consent.header("Location")).isEqualTo(server().url("/login"));
        assertThat(consent.body()).doesNotContain(CONSENT_SPA);
    }

    private static String withoutCsrfToken(String page) {
        return CSRF_INPUT.matcher(page).replaceAll("<input type=\"hidden\" name=\"_csrf\" value=\"…\"");
    }
}
