package dev.latchkey.protocol.oidc;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.JWT_BACKEND;
import static dev.latchkey.support.TestWorld.JWT_BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.JWT_SPA;
import static dev.latchkey.support.TestWorld.JWT_SPA_REDIRECT;
import static dev.latchkey.support.TestWorld.OIDC_SPA;
import static dev.latchkey.support.TestWorld.OIDC_SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.text.ParseException;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.SharedServers;
import dev.latchkey.user.UserService;

/**
 * One {@code sub} per user everywhere: the account's stable opaque id in JWT access tokens (RFC 9068 §2.2), ID
 * tokens and UserInfo (OpenID Connect Core §2, §5.3.2: the same value) and introspection (RFC 7662 §2.2), which
 * alone also names the {@code username}. No token carries the username, so resource servers do not learn it; the
 * server's own API still shows it, from the grant.
 */
@ParameterizedClass
@EnumSource(Database.class)
class SubjectTests {

    @Parameter
    Database database;

    @Test
    void jwtAccessTokenIdTokenUserInfoAndIntrospectionShareTheAccountIdAndNoTokenCarriesTheUsername()
            throws ParseException {
        LatchkeyServer server = SharedServers.of(database);
        String aliceId = accountId(server);
        OAuthClient browser = server.signedInClient(ALICE, ALICE_PASSWORD);
        Response tokens = browser.codeFlowTokens(JWT_SPA, JWT_SPA_REDIRECT, "openid");
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);

        JWTClaimsSet accessToken = claims(tokens.jsonString("access_token"));
        assertThat(accessToken.getSubject()).isEqualTo(aliceId);
        assertThat(accessToken.toString()).doesNotContain("\"" + ALICE + "\"");
        JWTClaimsSet idToken = claims(tokens.jsonString("id_token"));
        assertThat(idToken.getSubject()).isEqualTo(aliceId);
        assertThat(idToken.toString()).as("no profile scope, no preferred_username").doesNotContain("\"" + ALICE + "\"");
        assertThat(browser.getWithBearer("/o/userinfo/", tokens.jsonString("access_token")).json())
            .containsEntry("sub", aliceId);
        assertThat(introspect(browser, tokens.jsonString("access_token")).json()).containsEntry("active", true)
            .containsEntry("sub", aliceId)
            .containsEntry("username", ALICE);
        assertThat(browser.getWithBearer("/api/test/", tokens.jsonString("access_token")).json())
            .containsEntry("user", ALICE);

        Response refreshed = browser.token(Map.of("grant_type", "refresh_token", "client_id", JWT_SPA,
                "refresh_token", tokens.jsonString("refresh_token")));
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        assertThat(claims(refreshed.jsonString("access_token")).getSubject()).isEqualTo(aliceId);
        assertThat(claims(refreshed.jsonString("id_token")).getSubject()).isEqualTo(aliceId);
    }

    @Test
    void referenceAccessTokenIntrospectsAsTheAccountIdWithTheUsernameBeside() {
        LatchkeyServer server = SharedServers.of(database);
        String aliceId = accountId(server);
        OAuthClient browser = server.signedInClient(ALICE, ALICE_PASSWORD);
        Response tokens = browser.codeFlowTokens(OIDC_SPA, OIDC_SPA_REDIRECT, "openid");
        String accessToken = tokens.jsonString("access_token");

        assertThat(introspect(browser, accessToken).json()).containsEntry("active", true)
            .containsEntry("sub", aliceId)
            .containsEntry("username", ALICE);
        assertThat(browser.getWithBearer("/o/userinfo/", accessToken).json()).containsEntry("sub", aliceId);
        assertThat(browser.getWithBearer("/api/test/", accessToken).json()).containsEntry("user", ALICE);
    }

    @Test
    void clientCredentialsTokenSubjectIsTheClientAndHasNoUsername() throws ParseException {
        OAuthClient backend = SharedServers.of(database).client();
        Response issued = backend.postWithBasic("/o/token/", JWT_BACKEND, JWT_BACKEND_SECRET,
                Map.of("grant_type", "client_credentials", "scope", "read"));

        assertThat(claims(issued.jsonString("access_token")).getSubject()).isEqualTo(JWT_BACKEND);
        assertThat(introspect(backend, issued.jsonString("access_token")).json()).containsEntry("sub", JWT_BACKEND)
            .doesNotContainKey("username");
    }

    private static String accountId(LatchkeyServer server) {
        return server.bean(UserService.class).find(ALICE).orElseThrow().id();
    }

    private static JWTClaimsSet claims(String jwt) throws ParseException {
        return SignedJWT.parse(jwt).getJWTClaimsSet();
    }

    private static Response introspect(OAuthClient client, String token) {
        return client.postWithBasic("/o/introspect/", BACKEND, BACKEND_SECRET, Map.of("token", token));
    }
}
