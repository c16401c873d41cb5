package dev.latchkey.protocol.token;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.JWT_BACKEND;
import static dev.latchkey.support.TestWorld.JWT_BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.OTHER_BACKEND;
import static dev.latchkey.support.TestWorld.OTHER_BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

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
import dev.latchkey.user.UserService;

/**
 * Revocation (RFC 7009) takes effect at once, for reference and JWT access tokens alike: introspection (RFC 7662, for
 * authenticated confidential clients only) and the protected API refuse a revoked token immediately.
 */
@ParameterizedClass
@EnumSource(Database.class)
class RevocationAndIntrospectionTests {

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void introspectWhenTokenIsLiveThenActiveWithItsClaims() {
        OAuthClient spa = server().client();
        Response issued = spaTokens(spa);
        Response introspection = introspect(spa, issued.jsonString("access_token"));
        assertThat(introspection.status()).isEqualTo(200);
        assertThat(introspection.json()).containsEntry("active", true)
            .containsEntry("sub", server().bean(UserService.class).find(ALICE).orElseThrow().id())
            .containsEntry("username", ALICE)
            .containsEntry("client_id", SPA)
            .containsEntry("scope", "read write")
            .containsEntry("token_type", "Bearer")
            .containsEntry("iss", server().baseUrl())
            .containsKeys("exp", "iat");
        Response refreshIntrospection = introspect(spa, issued.jsonString("refresh_token"));
        assertThat(refreshIntrospection.json()).containsEntry("active", true);
        assertThat(introspect(spa, "made-up-token").json()).containsEntry("active", false).hasSize(1);
    }

    @Test
    void introspectWhenClientIsPublicOrAnonymousThenRefused() {
        OAuthClient spa = server().client();
        String accessToken = spaTokens(spa).jsonString("access_token");
        Response publicClient = spa.postForm("/o/introspect/", Map.of("token", accessToken, "client_id", SPA), null);
        assertThat(publicClient.status()).isEqualTo(401);
        assertThat(publicClient.json()).containsEntry("error", "invalid_client").doesNotContainKey("active");
        Response anonymous = spa.postForm("/o/introspect/", Map.of("token", accessToken), null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json()).doesNotContainKey("active");
    }

    @Test
    void revokeAccessTokenThenApiAndIntrospectionRefuseItAtOnceInEitherForm() {
        OAuthClient backend = server().client();
        // The default, reference tokens, and an application set to JWTs, which resource servers that verify
        // offline would accept until they expire: Latchkey's own API checks them against their grant.
        Map<String, String> secrets = Map.of(BACKEND, BACKEND_SECRET, JWT_BACKEND, JWT_BACKEND_SECRET);
        secrets.forEach((clientId, secret) -> {
            Response issued = backend.postWithBasic("/o/token/", clientId, secret,
                    Map.of("grant_type", "client_credentials", "scope", "read"));
            String accessToken = issued.jsonString("access_token");
            assertThat(accessToken.split("\\.")).as(clientId).hasSize(clientId.equals(JWT_BACKEND) ? 3 : 1);
            assertThat(backend.getWithBearer("/api/test/", accessToken).json()).containsEntry("user", clientId);

            Response revoked = backend.postWithBasic("/o/revoke_token/", clientId, secret,
                    Map.of("token", accessToken, "token_type_hint", "access_token"));
            assertThat(revoked.status()).isEqualTo(200);

            assertThat(backend.getWithBearer("/api/test/", accessToken).status()).as(clientId).isEqualTo(401);
            assertThat(introspect(backend, accessToken).json()).as(clientId).containsEntry("active", false);
        });
    }

    @Test
    void revokeWhenPublicClientRevokesItsRefreshTokenThenTheGrantIsDead() {
        OAuthClient spa = server().client();
        Response issued = spaTokens(spa);
        Response revoked = spa.postForm("/o/revoke_token/",
                Map.of("token", issued.jsonString("refresh_token"), "client_id", SPA), null);
        assertThat(revoked.status()).isEqualTo(200);
        Response refresh = spa.token(Map.of("grant_type", "refresh_token", "client_id", SPA, "refresh_token",
                issued.jsonString("refresh_token")));
        assertThat(refresh.status()).isEqualTo(400);
        assertThat(spa.getWithBearer("/api/test/", issued.jsonString("access_token")).status()).isEqualTo(401);
    }

    @Test
    void revokeWhenTokenBelongsToAnotherClientThenItStaysActive() {
        OAuthClient backend = server().client();
        String accessToken = backend.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET,
                Map.of("grant_type", "client_credentials")).jsonString("access_token");
        Response attempt = backend.postWithBasic("/o/revoke_token/", OTHER_BACKEND, OTHER_BACKEND_SECRET,
                Map.of("token", accessToken));
        assertThat(attempt.status()).isIn(200, 400, 401);
        assertThat(introspect(backend, accessToken).json()).containsEntry("active", true);
        assertThat(backend.getWithBearer("/api/test/", accessToken).status()).isEqualTo(200);
    }

    private static Response introspect(OAuthClient client, String token) {
        return client.postWithBasic("/o/introspect/", BACKEND, BACKEND_SECRET, Map.of("token", token));
    }

    private static Response spaTokens(OAuthClient spa) {
        assertThat(spa.login(ALICE, ALICE_PASSWORD).status()).isEqualTo(302);
        return spa.codeFlowTokens(SPA, SPA_REDIRECT, "read write");
    }
}
