package dev.latchkey.protocol.oidc;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.OIDC_SPA;
import static dev.latchkey.support.TestWorld.OIDC_SPA_LOGOUT_REDIRECT;
import static dev.latchkey.support.TestWorld.OIDC_SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.RawHttp;
import dev.latchkey.support.RawHttp.Answer;
import dev.latchkey.support.SharedServers;

/**
 * Logout requests the hostile-request fuzz ({@code dev.latchkey.fuzz}) found mishandled: a {@code state} too long
 * to repeat in the redirect ended the session and then failed to send the redirect (a 500 with an empty body), and
 * a refused logout from a browser without a session opened one (its page read a CSRF token for a form it does not
 * show).
 */
@ParameterizedClass
@EnumSource(Database.class)
class HostileLogoutRequestTests {

    private static final Map<String, String> HTML = Map.of("Accept", "text/html");

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void logoutWhenStateIsLongerThan1000CharactersThenErrorPageAndTheSessionStays() {
        OAuthClient browser = server().signedInClient(ALICE, ALICE_PASSWORD);
        String idToken = browser.codeFlowTokens(OIDC_SPA, OIDC_SPA_REDIRECT, "openid").jsonString("id_token");

        Response refused = browser.postForm("/o/logout/", Map.of("id_token_hint", idToken, "post_logout_redirect_uri",
                OIDC_SPA_LOGOUT_REDIRECT, "state", "s".repeat(70_000)), null);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.header("Location")).isNull();
        assertThat(refused.body()).contains("state has 70000 characters: at most 1000 are accepted");
        assertThat(browser.get("/account/apps", HTML).status()).as("still signed in").isEqualTo(200);
    }

    @Test
    void logoutWhenRefusedForABrowserWithoutSessionThenNoSessionIsOpened() {
        long before = sessions();

        Answer refused = RawHttp.send(server(), "GET", "/o/logout/?id_token_hint=not-a-token", null, "Accept: text/html");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.headers("Set-Cookie")).noneMatch(cookie -> cookie.startsWith("SESSION="));
        assertThat(sessions()).isEqualTo(before);
    }

    private long sessions() {
        return server().jdbc().sql("SELECT COUNT(*) FROM spring_session").query(Long.class).single();
    }
}
