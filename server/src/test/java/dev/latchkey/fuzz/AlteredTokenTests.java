package dev.latchkey.fuzz;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.JWT_SPA;
import static dev.latchkey.support.TestWorld.JWT_SPA_REDIRECT;
import static dev.latchkey.support.TestWorld.OIDC_SPA;
import static dev.latchkey.support.TestWorld.OIDC_SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

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
import dev.latchkey.support.SharedServers;

/**
 * Every alteration of a real JWT access token ({@link AlteredTokens}: {@code alg: none}, a foreign key under the
 * server's {@code kid}, the other algorithm's {@code kid}, HS256 keyed with the published public key, another
 * token's claims, truncated, flipped) gets the RFC's answer at each place a token is presented, and changes
 * nothing: the real token works on. The token is the JWT of an application set to JWT access tokens (the server's
 * default is reference tokens), signed with the server's default algorithm, RS256.
 */
@ParameterizedClass
@EnumSource(Database.class)
class AlteredTokenTests {

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void alteredJwtAccessTokensAreInvalidTokenAtResourcesInactiveAtIntrospectionAndChangeNothing() {
        OAuthClient browser = server().signedInClient(ALICE, ALICE_PASSWORD);
        String accessToken = browser.codeFlowTokens(JWT_SPA, JWT_SPA_REDIRECT, "read").jsonString("access_token");
        assertThat(accessToken.split("\\.")).as("a JWT, whose alterations are the point").hasSize(3);
        String idToken = browser.codeFlowTokens(OIDC_SPA, OIDC_SPA_REDIRECT, "openid").jsonString("id_token");
        Map<String, Object> jwks = server().client().get("/o/jwks/", Map.of()).json();
        List<String> altered = AlteredTokens.of(accessToken, FuzzWorld.publishedKey(jwks, "EC", "kid"), idToken,
                FuzzWorld.publishedKey(jwks, "RSA", null));
        OAuthClient client = server().client();

        for (String token : altered) {
            if (token.isBlank() || !token.strip().equals(token)) {
                continue; // not a token at all: the bearer header's own syntax, which the fuzz covers
            }
            Response api = client.getWithBearer("/api/test/", token);
            assertThat(api.status()).as(token).isEqualTo(401);
            assertThat(api.header("WWW-Authenticate")).as(token).startsWith("Bearer").contains("error=\"invalid_token\"");
            Response userInfo = client.getWithBearer("/o/userinfo/", token);
            assertThat(userInfo.status()).as(token).isEqualTo(401);
            Response introspection = client.postWithBasic("/o/introspect/", BACKEND, BACKEND_SECRET,
                    Map.of("token", token));
            assertThat(introspection.status()).as(token).isEqualTo(200);
            assertThat(introspection.json()).as(token).isEqualTo(Map.of("active", false));
            Response revocation = client.postForm("/o/revoke_token/", Map.of("token", token, "client_id", JWT_SPA), null);
            assertThat(revocation.status()).as(token).isEqualTo(200);
        }

        assertThat(client.getWithBearer("/api/test/", accessToken).status()).as("the real token works on")
            .isEqualTo(200);
        assertThat(client.postWithBasic("/o/introspect/", BACKEND, BACKEND_SECRET, Map.of("token", accessToken)).json())
            .containsEntry("active", true);
    }
}
