package dev.latchkey.protocol.oidc;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_EMAIL;
import static dev.latchkey.support.TestWorld.ALICE_NAME;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.OIDC_ES256_SPA;
import static dev.latchkey.support.TestWorld.OIDC_ES256_SPA_REDIRECT;
import static dev.latchkey.support.TestWorld.OIDC_SPA;
import static dev.latchkey.support.TestWorld.OIDC_SPA_LOGOUT_REDIRECT;
import static dev.latchkey.support.TestWorld.OIDC_SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationSuccessResponse;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.AccessTokenValidator;

import dev.latchkey.support.Database;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.OidcRelyingParty;
import dev.latchkey.support.OidcRelyingParty.Attempt;
import dev.latchkey.support.SharedServers;
import dev.latchkey.user.UserService;

/**
 * The whole OpenID Connect life of a sign-in, driven by the Nimbus SDK as a strict relying party: discovery,
 * code flow with PKCE and nonce over real HTTP, ID token validation against the JWKS, UserInfo, refresh and
 * RP-initiated logout.
 */
@ParameterizedClass
@EnumSource(Database.class)
class OidcRelyingPartyTests {

    @Parameter
    Database database;

    @Test
    void discoveryStatesTheEnforcedPolicy() {
        OIDCProviderMetadata metadata = new OidcRelyingParty(SharedServers.of(database), OIDC_SPA, OIDC_SPA_REDIRECT)
            .metadata();
        String base = SharedServers.of(database).baseUrl();
        assertThat(metadata.getIssuer().getValue()).isEqualTo(base);
        assertThat(metadata.getUserInfoEndpointURI()).isEqualTo(URI.create(base + "/o/userinfo/"));
        assertThat(metadata.getEndSessionEndpointURI()).isEqualTo(URI.create(base + "/o/logout/"));
        assertThat(metadata.getJWKSetURI()).isEqualTo(URI.create(base + "/o/jwks/"));
        assertThat(metadata.getResponseTypes()).containsExactly(ResponseType.CODE);
        assertThat(metadata.getGrantTypes()).containsExactlyInAnyOrder(GrantType.AUTHORIZATION_CODE,
                GrantType.REFRESH_TOKEN, GrantType.CLIENT_CREDENTIALS);
        assertThat(metadata.getTokenEndpointAuthMethods()).containsExactlyInAnyOrder(
                ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST,
                ClientAuthenticationMethod.NONE);
        assertThat(metadata.getIDTokenJWSAlgs()).containsExactly(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
        assertThat(metadata.getCodeChallengeMethods()).contains(CodeChallengeMethod.S256);
        assertThat(metadata.getScopes().toStringList()).contains("openid", "profile", "email", "read");
        assertThat(metadata.getClaims()).contains("sub", "name", "preferred_username", "updated_at", "email",
                "email_verified", "auth_time", "nonce", "at_hash", "sid");
        assertThat(metadata.supportsRequestURIParam()).isFalse();
        assertThat(metadata.supportsRequestParam()).isFalse();
    }

    @Test
    void strictRelyingPartySignsInReadsUserInfoRefreshesAndLogsOut() throws Exception {
        OidcRelyingParty rp = new OidcRelyingParty(SharedServers.of(database), OIDC_SPA, OIDC_SPA_REDIRECT);
        String aliceId = SharedServers.of(database).bean(UserService.class).find(ALICE).orElseThrow().id();

        Attempt attempt = rp.attempt(new Scope("openid", "profile", "email"), Map.of());
        Response toLogin = rp.send(attempt);
        assertThat(toLogin.header("Location")).endsWith("/login");
        Response back = rp.signIn(ALICE, ALICE_PASSWORD);
        AuthenticationSuccessResponse authorization = rp.parse(back).toSuccessResponse();
        assertThat(authorization.getState()).isEqualTo(attempt.state());
        assertThat(authorization.getIssuer().getValue()).isEqualTo(rp.baseUrl());
        OIDCTokenResponse tokens = rp.redeem(attempt, authorization.getAuthorizationCode());

        IDTokenClaimsSet idToken = rp.validate(tokens.getOIDCTokens().getIDToken(), attempt.nonce());
        assertThat(tokens.getOIDCTokens().getIDToken().getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(idToken.getSubject().getValue()).isEqualTo(aliceId).isNotEqualTo(ALICE);
        assertThat(idToken.getNonce()).isEqualTo(attempt.nonce());
        assertThat(idToken.getAuthenticationTime()).isNotNull();
        assertThat(idToken.getSessionID()).isNotNull();
        assertThat(idToken.getStringClaim("email")).isEqualTo(ALICE_EMAIL);
        AccessTokenValidator.validate(tokens.getOIDCTokens().getAccessToken(), JWSAlgorithm.RS256,
                idToken.getAccessTokenHash());

        UserInfo userInfo = userInfo(rp, tokens.getOIDCTokens().getBearerAccessToken());
        assertThat(userInfo.getSubject()).isEqualTo(idToken.getSubject());
        assertThat(userInfo.getName()).isEqualTo(ALICE_NAME);
        assertThat(userInfo.getPreferredUsername()).isEqualTo(ALICE);
        assertThat(userInfo.getEmailAddress()).isEqualTo(ALICE_EMAIL);
        assertThat(userInfo.getEmailVerified()).isTrue();
        assertThat(userInfo.getUpdatedTime()).isNotNull();

        OIDCTokenResponse refreshed = rp.token(new RefreshTokenGrant(tokens.getOIDCTokens().getRefreshToken()));
        IDTokenClaimsSet refreshedIdToken = rp.validate(refreshed.getOIDCTokens().getIDToken(), null);
        assertThat(refreshedIdToken.getSubject()).isEqualTo(idToken.getSubject());
        assertThat(refreshedIdToken.getAuthenticationTime()).isEqualTo(idToken.getAuthenticationTime());
        assertThat(refreshedIdToken.getSessionID()).isEqualTo(idToken.getSessionID());
        AccessTokenValidator.validate(refreshed.getOIDCTokens().getAccessToken(), JWSAlgorithm.RS256,
                refreshedIdToken.getAccessTokenHash());
        assertThat(userInfo(rp, refreshed.getOIDCTokens().getBearerAccessToken()).getSubject())
            .isEqualTo(idToken.getSubject());

        State logoutState = new State();
        LogoutRequest logout = new LogoutRequest(rp.metadata().getEndSessionEndpointURI(),
                refreshed.getOIDCTokens().getIDToken(), URI.create(OIDC_SPA_LOGOUT_REDIRECT), logoutState);
        Response loggedOut = rp.browser().get(logout.toURI().getRawPath() + "?" + logout.toURI().getRawQuery(),
                Map.of("Accept", "text/html"));
        assertThat(loggedOut.status()).isEqualTo(302);
        assertThat(loggedOut.header("Location")).isEqualTo(OIDC_SPA_LOGOUT_REDIRECT + "?state=" + logoutState.getValue());

        Response afterLogout = rp.send(rp.attempt(new Scope("openid"), Map.of("prompt", "none")));
        assertThat(rp.parse(afterLogout).toErrorResponse().getErrorObject().getCode()).isEqualTo("login_required");
    }

    @Test
    void applicationMayChooseEs256IdTokens() {
        OidcRelyingParty rp = new OidcRelyingParty(SharedServers.of(database), OIDC_ES256_SPA, OIDC_ES256_SPA_REDIRECT);
        Attempt attempt = rp.attempt(new Scope("openid"), Map.of());
        OIDCTokenResponse tokens = rp.signInAndRedeem(attempt, ALICE, ALICE_PASSWORD);
        assertThat(tokens.getOIDCTokens().getIDToken().getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        IDTokenClaimsSet idToken = rp.validate(tokens.getOIDCTokens().getIDToken(), attempt.nonce());
        assertThat(idToken.getStringClaim("email")).as("scope email was not requested").isNull();
        assertThat(idToken.getStringClaim("preferred_username")).as("scope profile was not requested").isNull();
    }

    static UserInfo userInfo(OidcRelyingParty rp, BearerAccessToken accessToken) throws Exception {
        UserInfoResponse response = UserInfoResponse.parse(
                new UserInfoRequest(rp.metadata().getUserInfoEndpointURI(), accessToken).toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).as("UserInfo answered %s", response).isTrue();
        return response.toSuccessResponse().getUserInfo();
    }
}
