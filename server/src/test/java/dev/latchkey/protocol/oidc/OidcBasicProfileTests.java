package dev.latchkey.protocol.oidc;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_EMAIL;
import static dev.latchkey.support.TestWorld.ALICE_NAME;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.OIDC_SPA;
import static dev.latchkey.support.TestWorld.OIDC_SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;

import dev.latchkey.support.Database;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.OidcRelyingParty;
import dev.latchkey.support.OidcRelyingParty.Attempt;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.SharedServers;

/**
 * The checks of the OpenID Foundation's Basic OP certification profile that apply to a code-flow provider,
 * as our own tests. prompt=none signed in and not, and max_age=1, are in {@link OidcPromptTests}; the full
 * flow with ID token validation in {@link OidcRelyingPartyTests}.
 */
@ParameterizedClass
@EnumSource(Database.class)
class OidcBasicProfileTests {

    @Parameter
    Database database;

    OidcRelyingParty relyingParty() {
        return new OidcRelyingParty(SharedServers.of(database), OIDC_SPA, OIDC_SPA_REDIRECT);
    }

    @Test
    void requestWithoutNonceSucceeds() {
        OidcRelyingParty rp = relyingParty();
        Attempt attempt = rp.attempt(new Scope("openid"), Map.of(), null);
        OIDCTokenResponse tokens = rp.signInAndRedeem(attempt, ALICE, ALICE_PASSWORD);
        assertThat(rp.validate(tokens.getOIDCTokens().getIDToken(), null).getNonce()).isNull();
    }

    @Test
    void codeCanBeRedeemedOnlyOnce() {
        OidcRelyingParty rp = relyingParty();
        Attempt attempt = rp.attempt(new Scope("openid"), Map.of());
        Response first = rp.send(attempt);
        AuthorizationCode code = rp.parse(rp.signIn(ALICE, ALICE_PASSWORD)).toSuccessResponse().getAuthorizationCode();
        assertThat(first.header("Location")).endsWith("/login");
        rp.redeem(attempt, code);
        TokenResponse again = rp.tokenResponse(new com.nimbusds.oauth2.sdk.AuthorizationCodeGrant(code,
                java.net.URI.create(OIDC_SPA_REDIRECT), attempt.verifier()));
        assertThat(again.indicatesSuccess()).isFalse();
        assertThat(again.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_grant");
    }

    @Test
    void unregisteredRedirectUriIsRefusedWithoutRedirecting() {
        OidcRelyingParty rp = new OidcRelyingParty(SharedServers.of(database), OIDC_SPA, "http://oidc-spa/other");
        Response response = rp.send(rp.attempt(new Scope("openid"), Map.of()));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Location")).isNull();
        assertThat(response.body()).contains("is not registered");
    }

    @Test
    void scopesProfileAndEmailEachGrantTheirClaims() throws Exception {
        OidcRelyingParty rp = relyingParty();
        OIDCTokenResponse profile = rp.signInAndRedeem(rp.attempt(new Scope("openid", "profile"), Map.of()), ALICE,
                ALICE_PASSWORD);
        UserInfo profileInfo = OidcRelyingPartyTests.userInfo(rp, profile.getOIDCTokens().getBearerAccessToken());
        assertThat(profileInfo.getName()).isEqualTo(ALICE_NAME);
        assertThat(profileInfo.getPreferredUsername()).isEqualTo(ALICE);
        assertThat(profileInfo.getEmailAddress()).isNull();

        OIDCTokenResponse email = rp.signInAndRedeem(rp.attempt(new Scope("openid", "email"), Map.of()), ALICE,
                ALICE_PASSWORD);
        UserInfo emailInfo = OidcRelyingPartyTests.userInfo(rp, email.getOIDCTokens().getBearerAccessToken());
        assertThat(emailInfo.getEmailAddress()).isEqualTo(ALICE_EMAIL);
        assertThat(emailInfo.getEmailVerified()).isTrue();
        assertThat(emailInfo.getName()).isNull();
        IDTokenClaimsSet idToken = rp.validate(email.getOIDCTokens().getIDToken(), null);
        assertThat(idToken.getStringClaim("email")).isEqualTo(ALICE_EMAIL);
    }

    @Test
    void userInfoAnswersGetAndPostWithTheBearerInTheHeader() {
        OidcRelyingParty rp = relyingParty();
        OIDCTokenResponse tokens = rp.signInAndRedeem(rp.attempt(new Scope("openid", "profile"), Map.of()), ALICE,
                ALICE_PASSWORD);
        String accessToken = tokens.getOIDCTokens().getAccessToken().getValue();
        Response get = rp.browser().getWithBearer("/o/userinfo/", accessToken);
        Response post = rp.browser().postForm("/o/userinfo/", Map.of(), "Bearer " + accessToken);
        assertThat(get.status()).isEqualTo(200);
        assertThat(post.status()).isEqualTo(200);
        assertThat(get.json()).containsEntry("preferred_username", ALICE).isEqualTo(post.json());

        Response none = rp.browser().get("/o/userinfo/", Map.of("Accept", "application/json"));
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        PkcePair pkce = PkcePair.generate();
        Response withoutOpenid = rp.browser().redeem(OIDC_SPA,
                rp.browser().authorizeCode(OIDC_SPA, OIDC_SPA_REDIRECT, "read", pkce), OIDC_SPA_REDIRECT, pkce.verifier());
        Response refused = rp.browser().getWithBearer("/o/userinfo/", withoutOpenid.jsonString("access_token"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("WWW-Authenticate")).contains("insufficient_scope");
    }

    @Test
    void idTokenSignatureIsCheckedAgainstThePublishedKeys() throws Exception {
        OidcRelyingParty rp = relyingParty();
        OIDCTokenResponse tokens = rp.signInAndRedeem(rp.attempt(new Scope("openid"), Map.of()), ALICE, ALICE_PASSWORD);
        String[] parts = tokens.getOIDCTokens().getIDTokenString().split("\\.");
        String otherPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace("\"sub\":\"", "\"sub\":\"x")
                    .getBytes());
        SignedJWT tampered = SignedJWT.parse(parts[0] + "." + otherPayload + "." + parts[2]);
        assertThatThrownBy(() -> rp.validate(tampered, null)).hasMessageContaining("refused the ID token");
    }
}
