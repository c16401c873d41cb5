package dev.latchkey.protocol.authorize;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.OIDC_SPA;
import static dev.latchkey.support.TestWorld.OIDC_SPA_REDIRECT;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
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
 * A {@code state}, {@code nonce} or blank {@code redirect_uri} longer than the grant keeps was a database error (a
 * 500) when the grant was stored, and a long non-ASCII {@code state} made the authorization response's
 * {@code Location} too long for Tomcat to send (another 500). Found by the hostile-request fuzz
 * ({@code dev.latchkey.fuzz}); the limits are the columns' (1000 and 500 characters), checked before anything is
 * stored. Long values are POSTed: in a query, Tomcat refuses them itself (a request head is at most 8 KB).
 */
@ParameterizedClass
@EnumSource(Database.class)
class AuthorizationValueLengthTests {

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void authorizeWhenStateIsLongerThan1000CharactersThenErrorPageWithoutRedirectAndNothingStored() {
        long before = grants();
        Map<String, String> request = request(SPA, SPA_REDIRECT, "read", "s".repeat(10_000));

        Response refused = browser().submit("/o/authorize/", request);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.header("Location")).isNull();
        assertThat(refused.body()).contains("state has 10000 characters: at most 1000 are accepted");
        assertThat(grants()).isEqualTo(before);
    }

    /** Spring takes a blank redirect_uri for a missing one, and the grant kept the blanks: 1500 did not fit. */
    @Test
    void authorizeWhenRedirectUriIsBlankThenErrorPageWithoutRedirectAndNothingStored() {
        long before = grants();
        Map<String, String> request = request(SPA, " ".repeat(1500), "read", "st-blank");

        Response refused = browser().authorize(request);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.header("Location")).isNull();
        assertThat(refused.body()).contains("redirect_uri is blank");
        assertThat(grants()).isEqualTo(before);
    }

    @Test
    void authorizeWhenStateIs1000NonAsciiCharactersThenTheCodeRedirectCarriesItBackExactly() {
        String state = "\u20ac".repeat(1000);

        Response granted = browser().submit("/o/authorize/", request(SPA, SPA_REDIRECT, "read", state));

        assertThat(granted.status()).as(granted.toString()).isEqualTo(303);
        assertThat(granted.locationQuery()).containsKey("code").containsEntry("state", state);
    }

    @Test
    void authorizeWhenNonceIsLongerThan500CharactersThenRedirectsInvalidRequestAndNothingStored() {
        long before = grants();
        Map<String, String> request = request(OIDC_SPA, OIDC_SPA_REDIRECT, "openid", "st-nonce");
        request.put("nonce", "n".repeat(10_000));

        Response refused = browser().submit("/o/authorize/", request);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(303);
        assertThat(refused.locationQuery()).containsEntry("error", "invalid_request")
            .containsEntry("state", "st-nonce")
            .doesNotContainKey("code");
        assertThat(refused.locationQuery().get("error_description")).contains("nonce has 10000 characters: at most 500");
        assertThat(grants()).isEqualTo(before);
    }

    private OAuthClient browser() {
        return server().signedInClient(ALICE, ALICE_PASSWORD);
    }

    private static Map<String, String> request(String clientId, String redirectUri, String scope, String state) {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("response_type", "code");
        request.put("client_id", clientId);
        request.put("redirect_uri", redirectUri);
        request.put("scope", scope);
        request.put("state", state);
        request.put("code_challenge", PkcePair.generate().challenge());
        request.put("code_challenge_method", "S256");
        return request;
    }

    private long grants() {
        return server().jdbc().sql("SELECT COUNT(*) FROM oauth_authorization").query(Long.class).single();
    }
}
