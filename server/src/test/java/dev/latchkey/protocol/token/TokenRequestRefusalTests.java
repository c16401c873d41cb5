package dev.latchkey.protocol.token;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_REDIRECT;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.OTHER_BACKEND;
import static dev.latchkey.support.TestWorld.OTHER_BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.QUICK_SPA;
import static dev.latchkey.support.TestWorld.QUICK_SPA_REDIRECT;
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
import dev.latchkey.support.OAuthClient.AuthorizationResponse;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.SharedServers;

/**
 * Refused code redemptions at POST /o/token/ (RFC 6749 §4.1.3, RFC 7636 §4.5–4.6): PKCE violations, another
 * client's code, a different redirect_uri, an unknown code. Each is a 400 {@code invalid_grant} that names the
 * rule, is not cached, and leaves no token in the response or in the stored grant.
 */
@ParameterizedClass
@EnumSource(Database.class)
class TokenRequestRefusalTests {

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void redeemWhenVerifierIsTheSeedsTooShort12345ThenRefusedWithTheRfc7636Rule() {
        OAuthClient browser = signedInBrowser();
        PkcePair seed = PkcePair.of("12345");
        assertThat(seed.challenge()).hasSize(43);
        AuthorizationResponse code = browser.authorizeCode(SPA, SPA_REDIRECT, "read", seed);

        Response refused = browser.redeem(SPA, code, SPA_REDIRECT, "12345");

        assertInvalidGrant(refused, "code_verifier must be 43 to 128 characters", "RFC 7636 section 4.1",
                "this one has 5 characters");
        assertNothingIssued(code);
    }

    @Test
    void redeemWhenVerifierDoesNotMatchThenRefusedAndTheCodeStaysRedeemableWithTheRightOne() {
        OAuthClient browser = signedInBrowser();
        PkcePair pkce = PkcePair.generate();
        AuthorizationResponse code = browser.authorizeCode(SPA, SPA_REDIRECT, "read", pkce);

        Response refused = browser.redeem(SPA, code, SPA_REDIRECT, PkcePair.generate().verifier());

        assertInvalidGrant(refused, "code_verifier does not match the code_challenge", "RFC 7636 section 4.6");
        assertNothingIssued(code);
        assertThat(storedGrant(code).codeConsumed()).as("a wrong verifier does not consume the code").isFalse();

        Response redeemed = browser.redeem(SPA, code, SPA_REDIRECT, pkce.verifier());
        assertThat(redeemed.status()).as(redeemed.toString()).isEqualTo(200);
        assertThat(redeemed.header("Cache-Control")).contains("no-store");
        assertThat(storedGrant(code).accessTokenHash()).isEqualTo(PkcePair.sha256Hex(redeemed.jsonString("access_token")));
    }

    @Test
    void redeemWhenVerifierIsMissingThenRefusedAskingForIt() {
        OAuthClient browser = signedInBrowser();
        AuthorizationResponse code = browser.authorizeCode(SPA, SPA_REDIRECT, "read", PkcePair.generate());

        Response refused = browser.redeem(SPA, code, SPA_REDIRECT, null);

        assertInvalidGrant(refused, "code_verifier is required");
        assertNothingIssued(code);
    }

    @Test
    void redeemWhenVerifierIsSentForACodeIssuedWithoutChallengeThenRefusedAsAPkceDowngrade() {
        OAuthClient browser = signedInBrowser();
        AuthorizationResponse code = browser.authorizeCode(BACKEND, BACKEND_REDIRECT, "read", null);

        Response refused = browser.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET,
                codeGrant(code, BACKEND_REDIRECT, PkcePair.generate().verifier()));

        assertInvalidGrant(refused, "code_verifier was sent", "issued without a code_challenge", "PKCE downgrade");
        assertNothingIssued(code);
    }

    @Test
    void redeemWhenAnotherConfidentialClientPresentsTheCodeThenRefusedAndTheCodeIsBurned() {
        OAuthClient browser = signedInBrowser();
        AuthorizationResponse code = browser.authorizeCode(BACKEND, BACKEND_REDIRECT, "read", null);

        Response refused = browser.postWithBasic("/o/token/", OTHER_BACKEND, OTHER_BACKEND_SECRET,
                codeGrant(code, BACKEND_REDIRECT, null));

        assertInvalidGrant(refused, "code was issued to another client");
        assertNothingIssued(code);
        assertThat(storedGrant(code).codeConsumed()).as("a code presented by another client is invalidated").isTrue();
        Response rightful = browser.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET,
                codeGrant(code, BACKEND_REDIRECT, null));
        assertInvalidGrant(rightful, "another client presented it", "invalidated");
        assertNothingIssued(code);
    }

    @Test
    void redeemWhenCodeHasExpiredThenRefusedSayingSo() throws InterruptedException {
        OAuthClient browser = signedInBrowser();
        PkcePair pkce = PkcePair.generate();
        AuthorizationResponse code = browser.authorizeCode(QUICK_SPA, QUICK_SPA_REDIRECT, "read", pkce);

        Thread.sleep(1_500);
        Response refused = browser.redeem(QUICK_SPA, code, QUICK_SPA_REDIRECT, pkce.verifier());

        assertInvalidGrant(refused, "code has expired");
        assertNothingIssued(code);
    }

    @Test
    void redeemWhenAPublicClientPresentsAConfidentialClientsCodeWithTheRightVerifierThenRefused() {
        OAuthClient browser = signedInBrowser();
        PkcePair pkce = PkcePair.generate();
        AuthorizationResponse code = browser.authorizeCode(BACKEND, BACKEND_REDIRECT, "read", pkce);

        Response refused = browser.redeem(SPA, code, BACKEND_REDIRECT, pkce.verifier());

        assertInvalidGrant(refused, "code was issued to another client");
        assertNothingIssued(code);
    }

    @Test
    void redeemWhenRedirectUriDiffersFromTheAuthorizationRequestThenRefusedNamingRedirectUri() {
        OAuthClient browser = signedInBrowser();
        PkcePair pkce = PkcePair.generate();
        AuthorizationResponse code = browser.authorizeCode(SPA, SPA_REDIRECT, "read", pkce);

        Response refused = browser.redeem(SPA, code, "http://my-sexy-spa/other", pkce.verifier());

        assertInvalidGrant(refused, "redirect_uri must be identical", "RFC 6749 section 4.1.3");
        assertNothingIssued(code);
    }

    @Test
    void redeemWhenCodeIsUnknownThenRefusedAndNothingIsStored() {
        OAuthClient browser = server().client();
        String madeUp = "made-up-" + PkcePair.generate().verifier();
        AuthorizationResponse code = new AuthorizationResponse(null, madeUp, null, null);

        Response publicClient = browser.redeem(SPA, code, SPA_REDIRECT, PkcePair.generate().verifier());
        Response confidentialClient = browser.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET,
                codeGrant(code, BACKEND_REDIRECT, null));

        assertInvalidGrant(publicClient, "code is unknown");
        assertInvalidGrant(confidentialClient, "code is unknown");
        assertThat(server().jdbc()
            .sql("SELECT COUNT(*) FROM oauth_authorization WHERE code_hash = ?")
            .param(PkcePair.sha256Hex(madeUp))
            .query(Long.class)
            .single()).isZero();
    }

    private OAuthClient signedInBrowser() {
        return server().signedInClient(ALICE, ALICE_PASSWORD);
    }

    private static Map<String, String> codeGrant(AuthorizationResponse code, String redirectUri, String verifier) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("grant_type", "authorization_code");
        parameters.put("code", code.code());
        parameters.put("redirect_uri", redirectUri);
        if (verifier != null) {
            parameters.put("code_verifier", verifier);
        }
        return parameters;
    }

    /** A 400 invalid_grant naming the rule, not cached, with no token in it (RFC 6749 §5.2). */
    private static void assertInvalidGrant(Response response, String... descriptionParts) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(response.json()).containsEntry("error", "invalid_grant")
            .doesNotContainKeys("access_token", "refresh_token", "id_token");
        assertThat(response.jsonString("error_description")).contains(descriptionParts);
    }

    private void assertNothingIssued(AuthorizationResponse code) {
        StoredGrant grant = storedGrant(code);
        assertThat(grant.accessTokenHash()).as("stored access token").isNull();
        assertThat(grant.refreshTokenHash()).as("stored refresh token").isNull();
        assertThat(grant.revoked()).as("revoked").isFalse();
    }

    private StoredGrant storedGrant(AuthorizationResponse code) {
        return server().jdbc()
            .sql("SELECT access_token_hash, refresh_token_hash, code_consumed_at, revoked_at FROM oauth_authorization "
                    + "WHERE code_hash = ?")
            .param(PkcePair.sha256Hex(code.code()))
            .query((row, number) -> new StoredGrant(row.getString("access_token_hash"),
                    row.getString("refresh_token_hash"), row.getObject("code_consumed_at") != null,
                    row.getObject("revoked_at") != null))
            .single();
    }

    /** The columns of a grant's row that say what was issued for its code. */
    private record StoredGrant(String accessTokenHash, String refreshTokenHash, boolean codeConsumed, boolean revoked) {
    }
}
