package dev.latchkey.protocol.pkce;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.PLAIN_SPA;
import static dev.latchkey.support.TestWorld.PLAIN_SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
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
import dev.latchkey.support.OAuthClient.AuthorizationResponse;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.SharedServers;

/**
 * The {@code plain} PKCE method (RFC 7636 §4.2, §4.6) for an application explicitly allowed it: the verifier
 * itself is the challenge, also when the method is omitted (§4.3); a different verifier and a malformed
 * challenge are refused.
 */
@ParameterizedClass
@EnumSource(Database.class)
class PkcePlainTests {

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void plainChallengeIsRedeemedWithTheVerifierItself() {
        OAuthClient browser = signedInBrowser();
        String verifier = PkcePair.generate().verifier();

        AuthorizationResponse code = authorizeCode(browser, verifier, "plain");
        Response token = browser.redeem(PLAIN_SPA, code, PLAIN_SPA_REDIRECT, verifier);

        assertIssued(code, token);
    }

    @Test
    void plainIsTheMethodWhenTheClientAllowedPlainOmitsIt() {
        OAuthClient browser = signedInBrowser();
        String verifier = PkcePair.generate().verifier();

        AuthorizationResponse code = authorizeCode(browser, verifier, null);
        Response token = browser.redeem(PLAIN_SPA, code, PLAIN_SPA_REDIRECT, verifier);

        assertIssued(code, token);
    }

    @Test
    void plainRedeemWhenVerifierDiffersFromTheChallengeThenRefused() {
        OAuthClient browser = signedInBrowser();
        String verifier = PkcePair.generate().verifier();
        AuthorizationResponse code = authorizeCode(browser, verifier, "plain");

        for (String wrong : List.of(PkcePair.generate().verifier(), PkcePair.s256(verifier))) {
            Response refused = browser.redeem(PLAIN_SPA, code, PLAIN_SPA_REDIRECT, wrong);

            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.header("Cache-Control")).contains("no-store");
            assertThat(refused.json()).containsEntry("error", "invalid_grant").doesNotContainKey("access_token");
            assertThat(refused.jsonString("error_description")).contains("code_verifier does not match the code_challenge");
        }
        assertThat(storedTokenHashes(code)).containsOnlyNulls();
    }

    @Test
    void plainWhenChallengeIsNotAValidVerifierThenRedirectsInvalidRequest() {
        OAuthClient browser = signedInBrowser();
        for (String malformed : List.of("a".repeat(42), "a".repeat(129), "12345", "a".repeat(42) + "+")) {
            Map<String, String> request = request(malformed, "plain");
            long before = grantsOf(PLAIN_SPA);

            Response refused = browser.authorize(request);

            assertThat(refused.status()).as(malformed).isEqualTo(302);
            assertThat(refused.header("Location")).startsWith(PLAIN_SPA_REDIRECT + "?");
            assertThat(refused.locationQuery()).containsEntry("error", "invalid_request")
                .containsEntry("state", request.get("state"))
                .doesNotContainKey("code");
            assertThat(refused.locationQuery().get("error_description")).contains("43 to 128 characters",
                    "the code_verifier itself");
            assertThat(grantsOf(PLAIN_SPA)).isEqualTo(before);
        }
    }

    private OAuthClient signedInBrowser() {
        return server().signedInClient(ALICE, ALICE_PASSWORD);
    }

    private static Map<String, String> request(String challenge, String method) {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("response_type", "code");
        request.put("client_id", PLAIN_SPA);
        request.put("redirect_uri", PLAIN_SPA_REDIRECT);
        request.put("scope", "read");
        request.put("state", "st-" + System.nanoTime());
        request.put("code_challenge", challenge);
        if (method != null) {
            request.put("code_challenge_method", method);
        }
        return request;
    }

    private static AuthorizationResponse authorizeCode(OAuthClient browser, String challenge, String method) {
        Map<String, String> request = request(challenge, method);
        Response response = browser.authorize(request);
        Map<String, String> query = response.locationQuery();
        assertThat(response.header("Location")).as(response.toString()).startsWith(PLAIN_SPA_REDIRECT + "?code=");
        assertThat(query).containsEntry("state", request.get("state"));
        return new AuthorizationResponse(response.header("Location"), query.get("code"), query.get("state"),
                query.get("iss"));
    }

    private void assertIssued(AuthorizationResponse code, Response token) {
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        assertThat(token.header("Cache-Control")).contains("no-store");
        assertThat(token.json()).containsEntry("token_type", "Bearer").containsKeys("access_token", "refresh_token");
        assertThat(storedTokenHashes(code)).containsExactly(PkcePair.sha256Hex(token.jsonString("access_token")),
                PkcePair.sha256Hex(token.jsonString("refresh_token")));
    }

    private List<String> storedTokenHashes(AuthorizationResponse code) {
        return server().jdbc()
            .sql("SELECT access_token_hash, refresh_token_hash FROM oauth_authorization WHERE code_hash = ?")
            .param(PkcePair.sha256Hex(code.code()))
            .query((row, number) -> Arrays.asList(row.getString(1), row.getString(2)))
            .single();
    }

    private long grantsOf(String clientId) {
        return server().jdbc()
            .sql("SELECT COUNT(*) FROM oauth_authorization WHERE client_id = ?")
            .param(clientId)
            .query(Long.class)
            .single();
    }
}
