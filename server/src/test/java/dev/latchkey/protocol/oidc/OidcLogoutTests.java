package dev.latchkey.protocol.oidc;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BOB;
import static dev.latchkey.support.TestWorld.BOB_PASSWORD;
import static dev.latchkey.support.TestWorld.OIDC_SPA;
import static dev.latchkey.support.TestWorld.OIDC_SPA_LOGOUT_REDIRECT;
import static dev.latchkey.support.TestWorld.OIDC_SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import com.nimbusds.oauth2.sdk.Scope;

import dev.latchkey.support.Database;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.OidcRelyingParty;
import dev.latchkey.support.SharedServers;

/** RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0) at /o/logout/. */
@ParameterizedClass
@EnumSource(Database.class)
class OidcLogoutTests {

    private static final Scope OPENID = new Scope("openid");

    @Parameter
    Database database;

    OidcRelyingParty signedIn(String username, String password) {
        OidcRelyingParty rp = new OidcRelyingParty(SharedServers.of(database), OIDC_SPA, OIDC_SPA_REDIRECT);
        idToken = rp.signInAndRedeem(rp.attempt(OPENID, Map.of()), username, password).getOIDCTokens().getIDTokenString();
        return rp;
    }

    String idToken;

    @Test
    void registeredPostLogoutRedirectUriGetsTheBrowserBackWithStateAndTheSessionEnds() {
        OidcRelyingParty rp = signedIn(ALICE, ALICE_PASSWORD);
        Response response = logout(rp, Map.of("id_token_hint", idToken, "post_logout_redirect_uri",
                OIDC_SPA_LOGOUT_REDIRECT, "state", "bye 1"));
        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).isEqualTo(OIDC_SPA_LOGOUT_REDIRECT + "?state=bye+1");
        assertSignedOut(rp);
    }

    @Test
    void unregisteredPostLogoutRedirectUriIsNotFollowedButTheSessionEnds() {
        OidcRelyingParty rp = signedIn(ALICE, ALICE_PASSWORD);
        Response response = logout(rp, Map.of("id_token_hint", idToken, "post_logout_redirect_uri",
                "https://evil.example/phish", "state", "s"));
        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).isEqualTo(rp.baseUrl() + "/signed-out?unregistered_redirect");
        Response page = rp.browser().get("/signed-out?unregistered_redirect", Map.of("Accept", "text/html"));
        assertThat(page.body()).contains("Signed out").contains("has not registered");
        assertSignedOut(rp);
    }

    @Test
    void withoutPostLogoutRedirectUriTheSignedOutPageIsShown() {
        OidcRelyingParty rp = signedIn(ALICE, ALICE_PASSWORD);
        Response response = logout(rp, Map.of("id_token_hint", idToken));
        assertThat(response.header("Location")).isEqualTo(rp.baseUrl() + "/signed-out");
        assertSignedOut(rp);
    }

    @Test
    void invalidOrMissingIdTokenHintIsExplainedOnAPageAndEndsNothing() {
        OidcRelyingParty rp = signedIn(ALICE, ALICE_PASSWORD);
        for (Map<String, String> request : java.util.List.of(Map.of("id_token_hint", "not-a-token",
                "post_logout_redirect_uri", OIDC_SPA_LOGOUT_REDIRECT), Map.of("post_logout_redirect_uri",
                        OIDC_SPA_LOGOUT_REDIRECT))) {
            Response response = logout(rp, request);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("Content-Type")).startsWith("text/html");
            assertThat(response.header("Cache-Control")).contains("no-store");
            assertThat(response.body()).contains("id_token_hint is missing, repeated, or not an ID token this server issued")
                .contains("id=\"confirm-sign-out\"")
                .contains("name=\"_csrf\"")
                .doesNotContain("{\"error\"");
        }
        assertThat(rp.parse(rp.send(rp.attempt(OPENID, Map.of("prompt", "none")))).indicatesSuccess())
            .as("still signed in").isTrue();
    }

    @Test
    void idTokenOfAnotherUserDoesNotSignOutTheCurrentOne() {
        signedIn(BOB, BOB_PASSWORD);
        String bobsIdToken = idToken;
        OidcRelyingParty rp = signedIn(ALICE, ALICE_PASSWORD);
        Response response = logout(rp, Map.of("id_token_hint", bobsIdToken));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("names another user");
        assertThat(rp.parse(rp.send(rp.attempt(OPENID, Map.of("prompt", "none")))).indicatesSuccess()).isTrue();
    }

    @Test
    void postedLogoutWorksToo() {
        OidcRelyingParty rp = signedIn(ALICE, ALICE_PASSWORD);
        Response response = rp.browser().postForm("/o/logout/", Map.of("id_token_hint", idToken,
                "post_logout_redirect_uri", OIDC_SPA_LOGOUT_REDIRECT), null);
        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).isEqualTo(OIDC_SPA_LOGOUT_REDIRECT);
        assertSignedOut(rp);
    }

    private static Response logout(OidcRelyingParty rp, Map<String, String> parameters) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, value) -> query.append(query.isEmpty() ? "?" : "&").append(name).append('=')
            .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return rp.browser().get("/o/logout/" + query, Map.of("Accept", "text/html"));
    }

    private static void assertSignedOut(OidcRelyingParty rp) {
        Response silent = rp.send(rp.attempt(OPENID, Map.of("prompt", "none")));
        assertThat(rp.parse(silent).toErrorResponse().getErrorObject().getCode()).isEqualTo("login_required");
    }
}
