package dev.latchkey.protocol.oidc;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BOB;
import static dev.latchkey.support.TestWorld.BOB_PASSWORD;
import static dev.latchkey.support.TestWorld.OIDC_CONSENT_SPA;
import static dev.latchkey.support.TestWorld.OIDC_CONSENT_SPA_REDIRECT;
import static dev.latchkey.support.TestWorld.OIDC_SPA;
import static dev.latchkey.support.TestWorld.OIDC_SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;

import dev.latchkey.support.Database;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.OidcRelyingParty;
import dev.latchkey.support.OidcRelyingParty.Attempt;
import dev.latchkey.support.SharedServers;

/** OpenID Connect Core §3.1.2.1's prompt, max_age, login_hint and id_token_hint, as a relying party sends them. */
@ParameterizedClass
@EnumSource(Database.class)
class OidcPromptTests {

    private static final Scope OPENID = new Scope("openid");

    @Parameter
    Database database;

    OidcRelyingParty relyingParty() {
        return new OidcRelyingParty(SharedServers.of(database), OIDC_SPA, OIDC_SPA_REDIRECT);
    }

    @Test
    void promptNoneWithoutSessionIsLoginRequiredAtTheClient() {
        OidcRelyingParty rp = relyingParty();
        Attempt attempt = rp.attempt(OPENID, Map.of("prompt", "none"));
        Response response = rp.send(attempt);
        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).startsWith(OIDC_SPA_REDIRECT + "?");
        AuthenticationResponse parsed = rp.parse(response);
        assertThat(parsed.getState()).isEqualTo(attempt.state());
        ErrorObject error = parsed.toErrorResponse().getErrorObject();
        assertThat(error.getCode()).isEqualTo("login_required");
        assertThat(error.getDescription()).contains("not signed in");
        assertThat(response.locationQuery()).containsEntry("iss", rp.baseUrl());
    }

    @Test
    void promptNoneWithSessionIssuesCodeWithoutAnyPage() {
        OidcRelyingParty rp = relyingParty();
        rp.signInAndRedeem(rp.attempt(OPENID, Map.of()), ALICE, ALICE_PASSWORD);
        Attempt silent = rp.attempt(OPENID, Map.of("prompt", "none"));
        Response response = rp.send(silent);
        OIDCTokenResponse tokens = rp.redeem(silent, rp.parse(response).toSuccessResponse().getAuthorizationCode());
        assertThat(rp.validate(tokens.getOIDCTokens().getIDToken(), silent.nonce()).getNonce()).isEqualTo(silent.nonce());
    }

    @Test
    void promptNoneWithoutConsentIsConsentRequired() {
        OidcRelyingParty rp = new OidcRelyingParty(SharedServers.of(database), OIDC_CONSENT_SPA,
                OIDC_CONSENT_SPA_REDIRECT);
        Response toLogin = rp.send(rp.attempt(new Scope("openid", "profile"), Map.of()));
        assertThat(toLogin.header("Location")).endsWith("/login");
        assertThat(rp.signIn(BOB, BOB_PASSWORD).header("Location")).contains("/consent?");

        Response response = rp.send(rp.attempt(new Scope("openid", "profile"), Map.of("prompt", "none")));
        ErrorObject error = rp.parse(response).toErrorResponse().getErrorObject();
        assertThat(error.getCode()).isEqualTo("consent_required");
        assertThat(error.getDescription()).contains("consent page");
    }

    @Test
    void promptLoginAsksForANewSignInAndAuthTimeShowsIt() throws Exception {
        OidcRelyingParty rp = relyingParty();
        Date firstSignIn = idToken(rp, rp.signInAndRedeem(rp.attempt(OPENID, Map.of()), ALICE, ALICE_PASSWORD), null)
            .getAuthenticationTime();
        Thread.sleep(1100);

        Attempt again = rp.attempt(OPENID, Map.of("prompt", "login"));
        Response toLogin = rp.send(again);
        assertThat(toLogin.status()).isEqualTo(302);
        assertThat(toLogin.header("Location")).endsWith("/login?login_hint=alice");
        Response back = rp.signIn(ALICE, ALICE_PASSWORD);
        OIDCTokenResponse tokens = rp.redeem(again, rp.parse(back).toSuccessResponse().getAuthorizationCode());
        assertThat(idToken(rp, tokens, again).getAuthenticationTime()).isAfter(firstSignIn);

        Attempt plain = rp.attempt(OPENID, Map.of());
        assertThat(rp.parse(rp.send(plain)).indicatesSuccess()).as("no new sign-in without prompt=login").isTrue();
    }

    @Test
    void promptNoneCannotBeCombined() {
        OidcRelyingParty rp = relyingParty();
        Response response = rp.send(rp.attempt(OPENID, Map.of("prompt", "none login")));
        assertThat(rp.parse(response).toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_request");
    }

    @Test
    void promptConsentShowsTheConsentPageEvenToAnApplicationThatSkipsIt() {
        OidcRelyingParty rp = relyingParty();
        rp.signInAndRedeem(rp.attempt(OPENID, Map.of()), ALICE, ALICE_PASSWORD);
        Response response = rp.send(rp.attempt(new Scope("openid", "profile"), Map.of("prompt", "consent")));
        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).contains("/consent?");
    }

    @Test
    void maxAgeAsksForANewSignInWhenTheSessionIsOlder() throws Exception {
        OidcRelyingParty rp = relyingParty();
        rp.signInAndRedeem(rp.attempt(OPENID, Map.of()), ALICE, ALICE_PASSWORD);

        Attempt recentEnough = rp.attempt(OPENID, Map.of("max_age", "3600"));
        OIDCTokenResponse tokens = rp.redeem(recentEnough,
                rp.parse(rp.send(recentEnough)).toSuccessResponse().getAuthorizationCode());
        Date authTime = idToken(rp, tokens, recentEnough).getAuthenticationTime();
        assertThat(authTime).as("auth_time is present when max_age was sent").isNotNull();

        Thread.sleep(2100);
        Attempt tooOld = rp.attempt(OPENID, Map.of("max_age", "1"));
        assertThat(rp.send(tooOld).header("Location")).contains("/login");
        Response back = rp.signIn(ALICE, ALICE_PASSWORD);
        OIDCTokenResponse fresh = rp.redeem(tooOld, rp.parse(back).toSuccessResponse().getAuthorizationCode());
        assertThat(idToken(rp, fresh, tooOld).getAuthenticationTime()).isAfter(authTime);
    }

    @Test
    void maxAgeWithPromptNoneIsLoginRequiredWhenTheSessionIsOlder() throws Exception {
        OidcRelyingParty rp = relyingParty();
        rp.signInAndRedeem(rp.attempt(OPENID, Map.of()), ALICE, ALICE_PASSWORD);
        Thread.sleep(1100);
        Response response = rp.send(rp.attempt(OPENID, Map.of("max_age", "0", "prompt", "none")));
        assertThat(rp.parse(response).toErrorResponse().getErrorObject().getCode()).isEqualTo("login_required");
    }

    @Test
    void loginHintPrefillsTheUsername() {
        OidcRelyingParty rp = relyingParty();
        Response toLogin = rp.send(rp.attempt(OPENID, Map.of("login_hint", "bob")));
        assertThat(toLogin.header("Location")).endsWith("/login?login_hint=bob");
        Response page = rp.browser().get("/login?login_hint=bob", Map.of("Accept", "text/html"));
        assertThat(page.body()).contains("value=\"bob\"");
    }

    @Test
    void idTokenHintOfAnotherUserIsLoginRequiredWithPromptNone() {
        OidcRelyingParty bobsApp = relyingParty();
        Attempt bobs = bobsApp.attempt(OPENID, Map.of());
        String bobsIdToken = bobsApp.signInAndRedeem(bobs, BOB, BOB_PASSWORD).getOIDCTokens().getIDTokenString();

        OidcRelyingParty rp = relyingParty();
        Attempt alices = rp.attempt(OPENID, Map.of());
        String alicesIdToken = rp.signInAndRedeem(alices, ALICE, ALICE_PASSWORD).getOIDCTokens().getIDTokenString();

        Response same = rp.send(rp.attempt(OPENID, Map.of("prompt", "none", "id_token_hint", alicesIdToken)));
        assertThat(rp.parse(same).indicatesSuccess()).isTrue();
        Response other = rp.send(rp.attempt(OPENID, Map.of("prompt", "none", "id_token_hint", bobsIdToken)));
        assertThat(rp.parse(other).toErrorResponse().getErrorObject().getCode()).isEqualTo("login_required");
        Response forged = rp.send(rp.attempt(OPENID, Map.of("id_token_hint", alicesIdToken + "x")));
        assertThat(rp.parse(forged).toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_request");
    }

    @Test
    void repeatedParameterIsInvalidRequestAndUnknownOneIsIgnored() {
        OidcRelyingParty rp = relyingParty();
        rp.signInAndRedeem(rp.attempt(OPENID, Map.of()), ALICE, ALICE_PASSWORD);
        Attempt attempt = rp.attempt(OPENID, Map.of("unknown_extension", "whatever"));
        assertThat(rp.parse(rp.send(attempt)).indicatesSuccess()).isTrue();

        String uri = attempt.request().toURI().toString();
        Response repeated = rp.browser().get(uri.substring(rp.baseUrl().length()) + "&nonce=second",
                Map.of("Accept", "text/html"));
        AuthenticationResponse refused = rp.parse(repeated);
        assertThat(refused.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_request");
        assertThat(refused.toErrorResponse().getErrorObject().getDescription()).contains("nonce");
    }

    private static IDTokenClaimsSet idToken(OidcRelyingParty rp, OIDCTokenResponse tokens, Attempt attempt) {
        return rp.validate(tokens.getOIDCTokens().getIDToken(), attempt == null ? null : attempt.nonce());
    }
}
