package dev.latchkey.protocol.token;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
import dev.latchkey.support.RawHttp;
import dev.latchkey.support.RawHttp.Answer;
import dev.latchkey.support.SharedServers;

/**
 * Token, revocation and introspection requests the hostile-request fuzz ({@code dev.latchkey.fuzz}) found answered
 * with a 500: a repeated {@code code_verifier} (Spring hands it on as an array: a {@code ClassCastException}) and a
 * {@code client_id} of spaces. Each is refused with the RFC's error, and the code stays as it was.
 */
@ParameterizedClass
@EnumSource(Database.class)
class HostileTokenRequestTests {

    private static final String FORM = "Content-Type: application/x-www-form-urlencoded";

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void redeemWhenCodeVerifierIsRepeatedThenInvalidRequestNamingItAndTheCodeStaysRedeemable() {
        OAuthClient browser = server().signedInClient(ALICE, ALICE_PASSWORD);
        PkcePair pkce = PkcePair.generate();
        AuthorizationResponse code = browser.authorizeCode(SPA, SPA_REDIRECT, "read", pkce);

        Answer refused = RawHttp.send(server(), "POST", "/o/token/", "grant_type=authorization_code&code="
                + encode(code.code()) + "&redirect_uri=" + encode(SPA_REDIRECT) + "&client_id=" + SPA + "&code_verifier="
                + pkce.verifier() + "&code_verifier=" + pkce.verifier(), FORM);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.text()).contains("\"error\":\"invalid_request\"")
            .contains("code_verifier was sent 2 times: send it once (RFC 6749 section 3.2)")
            .doesNotContain("access_token");
        Map<String, Object> grant = server().jdbc()
            .sql("SELECT access_token_hash, code_consumed_at FROM oauth_authorization WHERE code_hash = ?")
            .param(PkcePair.sha256Hex(code.code()))
            .query()
            .singleRow();
        assertThat(grant.values()).as("no token issued, the code not consumed").containsOnlyNulls();
        Response redeemed = browser.redeem(SPA, code, SPA_REDIRECT, pkce.verifier());
        assertThat(redeemed.status()).as(redeemed.toString()).isEqualTo(200);
    }

    /** Spaces were taken for a client id, and looked up. */
    @Test
    void tokenRevocationAndIntrospectionWhenClientIdIsBlankThenRefusedAsIfItWereMissing() {
        Answer token = RawHttp.send(server(), "POST", "/o/token/", "grant_type=authorization_code&code=abc&redirect_uri="
                + encode(SPA_REDIRECT) + "&code_verifier=" + PkcePair.generate().verifier() + "&client_id=+", FORM);
        Answer revocation = RawHttp.send(server(), "POST", "/o/revoke_token/", "token=abc&client_id=%20%20", FORM);
        Answer introspection = RawHttp.send(server(), "POST", "/o/introspect/", "token=abc&client_id=+", FORM);

        assertThat(token.status()).as(token.toString()).isEqualTo(400);
        assertThat(token.text()).contains("\"error\":\"invalid_request\"").contains("client_id is missing or repeated");
        for (Answer refused : new Answer[] { revocation, introspection }) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
            assertThat(refused.text()).contains("\"error\":\"invalid_client\"");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
