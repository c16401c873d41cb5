package dev.latchkey.protocol.token;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.AuthorizationResponse;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.SharedServers;

/** The seed's walk-through, step by step over real HTTP, then the stored state it leaves. */
@ParameterizedClass
@EnumSource(Database.class)
class AuthorizationCodeGrantTests {

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void seedWalkThroughFromLoginToProtectedApi() {
        OAuthClient browser = server().client();
        PkcePair pkce = PkcePair.generate();
        Map<String, String> request = Map.of("response_type", "code", "client_id", SPA, "redirect_uri", SPA_REDIRECT,
                "scope", "read write", "state", "xyz", "code_challenge", pkce.challenge(), "code_challenge_method", "S256");

        Response toLogin = browser.authorize(request);
        assertThat(toLogin.status()).isEqualTo(302);
        assertThat(toLogin.header("Location")).isEqualTo(server().url("/login"));

        Response loggedIn = browser.login(ALICE, ALICE_PASSWORD);
        assertThat(loggedIn.status()).isEqualTo(302);
        assertThat(loggedIn.header("Location")).startsWith(server().url("/o/authorize/?"));

        Response back = browser.get(loggedIn.header("Location").substring(server().baseUrl().length()),
                Map.of("Accept", "text/html"));
        assertThat(back.status()).isEqualTo(302);
        assertThat(back.header("Location")).startsWith(SPA_REDIRECT + "?code=");
        Map<String, String> query = back.locationQuery();
        assertThat(query).containsEntry("state", "xyz").containsEntry("iss", server().baseUrl()).containsKey("code");

        Response token = browser.redeem(SPA, new AuthorizationResponse(back.header("Location"), query.get("code"),
                "xyz", query.get("iss")), SPA_REDIRECT, pkce.verifier());
        assertThat(token.status()).isEqualTo(200);
        assertThat(token.header("Cache-Control")).contains("no-store");
        assertThat(token.json()).containsEntry("token_type", "Bearer")
            .containsEntry("scope", "read write")
            .containsKeys("access_token", "refresh_token", "expires_in");

        Response api = browser.getWithBearer("/api/test/", token.jsonString("access_token"));
        assertThat(api.status()).isEqualTo(200);
        assertThat(api.json()).containsEntry("success", true).containsEntry("user", ALICE);

        assertThat(server().jdbc()
            .sql("SELECT COUNT(*) FROM oauth_authorization WHERE code_hash IS NOT NULL AND code_consumed_at IS NOT NULL "
                    + "AND access_token_hash = ? AND revoked_at IS NULL")
            .param(PkcePair.sha256Hex(token.jsonString("access_token")))
            .query(Long.class)
            .single()).isEqualTo(1);
    }

    @Test
    void protectedApiSendsBrowsersToLoginAndApiClientsA401() {
        OAuthClient anonymous = server().client();
        Response browser = anonymous.get("/api/test/", Map.of("Accept", "text/html,application/xhtml+xml"));
        assertThat(browser.status()).isEqualTo(302);
        assertThat(browser.header("Location")).isEqualTo(server().url("/login"));

        Response apiClient = anonymous.get("/api/test/", Map.of("Accept", "*/*"));
        assertThat(apiClient.status()).isEqualTo(401);
        assertThat(apiClient.header("WWW-Authenticate")).startsWith("Bearer");

        Response badToken = anonymous.getWithBearer("/api/test/", "not-a-token");
        assertThat(badToken.status()).isEqualTo(401);
        assertThat(badToken.header("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");
    }
}
