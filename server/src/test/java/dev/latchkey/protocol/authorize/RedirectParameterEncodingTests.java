package dev.latchkey.protocol.authorize;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.OIDC_SPA;
import static dev.latchkey.support.TestWorld.OIDC_SPA_LOGOUT_REDIRECT;
import static dev.latchkey.support.TestWorld.OIDC_SPA_REDIRECT;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.SharedServers;

/**
 * Values a client sends come back exactly, decoded as form data as RFC 6749 Appendix B says a client decodes
 * them: a {@code +} stays a plus, a {@code %} a percent sign, a space a space, non-ASCII text itself.
 */
@ParameterizedClass
@EnumSource(Database.class)
class RedirectParameterEncodingTests {

    private static final List<String> STATES = List.of("a+b", "100%", "two words", "caf\u00e9", "a&b=c;d", "x#y",
            "%2B%20", "\u20ac/\u00df?", "+ %+");

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void stateComesBackExactlyInTheCodeRedirect() {
        OAuthClient browser = server().signedInClient(ALICE, ALICE_PASSWORD);
        for (String state : STATES) {
            Response response = browser.authorize(request(state, PkcePair.generate().challenge()));
            assertThat(response.header("Location")).as(state).startsWith(SPA_REDIRECT + "?code=");
            assertThat(response.locationQuery()).as(response.header("Location")).containsEntry("state", state);
        }
    }

    @Test
    void stateComesBackExactlyInAnErrorRedirect() {
        OAuthClient browser = server().signedInClient(ALICE, ALICE_PASSWORD);
        for (String state : STATES) {
            Response response = browser.authorize(request(state, null));
            assertThat(response.locationQuery()).as(response.header("Location")).containsEntry("error", "invalid_request")
                .containsEntry("state", state)
                .containsEntry("iss", server().baseUrl());
        }
    }

    @Test
    void stateComesBackExactlyAfterALogout() {
        for (String state : STATES) {
            OAuthClient browser = server().signedInClient(ALICE, ALICE_PASSWORD);
            String idToken = browser.codeFlowTokens(OIDC_SPA, OIDC_SPA_REDIRECT, "openid").jsonString("id_token");
            Map<String, String> logout = new LinkedHashMap<>();
            logout.put("id_token_hint", idToken);
            logout.put("post_logout_redirect_uri", OIDC_SPA_LOGOUT_REDIRECT);
            logout.put("state", state);
            Response response = browser.postForm("/o/logout/", logout, null);
            assertThat(response.header("Location")).as(state).startsWith(OIDC_SPA_LOGOUT_REDIRECT + "?");
            assertThat(response.locationQuery()).containsEntry("state", state);
        }
    }

    private static Map<String, String> request(String state, String challenge) {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("response_type", "code");
        request.put("client_id", SPA);
        request.put("redirect_uri", SPA_REDIRECT);
        request.put("scope", "read");
        request.put("state", state);
        if (challenge != null) {
            request.put("code_challenge", challenge);
            request.put("code_challenge_method", "S256");
        }
        return request;
    }
}
