package dev.latchkey.protocol.token;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.ES256_BACKEND;
import static dev.latchkey.support.TestWorld.ES256_BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.JWT_BACKEND;
import static dev.latchkey.support.TestWorld.JWT_BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.JWT_SPA;
import static dev.latchkey.support.TestWorld.JWT_SPA_REDIRECT;
import static dev.latchkey.support.TestWorld.OIDC_SPA;
import static dev.latchkey.support.TestWorld.OIDC_SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.ParseException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import com.nimbusds.jwt.SignedJWT;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.SharedServers;

/**
 * Which access token an application gets: its own format when it sets one, else the server's default
 * ({@code latchkey.tokens.access-token-format}), which is reference tokens. A reference token is opaque, works at
 * the API, UserInfo and introspection, and stops working everywhere the moment it is revoked. Discovery advertises
 * what both forms need (introspection and the JWKS) whatever the default. (An application set to reference on a
 * server whose default is JWT: {@code AdminAccessTokenFormatFieldsTests}.)
 */
@ParameterizedClass
@EnumSource(Database.class)
class AccessTokenFormatTests {

    @Parameter
    Database database;

    @Test
    void applicationWithoutAFormatGetsAnOpaqueReferenceTokenThatWorksUntilRevokedAndNotAMomentLonger() {
        LatchkeyServer server = SharedServers.of(database);
        OAuthClient browser = server.signedInClient(ALICE, ALICE_PASSWORD);
        String token = browser.codeFlowTokens(OIDC_SPA, OIDC_SPA_REDIRECT, "openid profile read")
            .jsonString("access_token");

        assertThat(token).doesNotContain(".").matches("[A-Za-z0-9_-]{128}");
        assertThatThrownBy(() -> SignedJWT.parse(token)).isInstanceOf(ParseException.class);
        assertThat(browser.getWithBearer("/api/test/", token).json()).containsEntry("user", ALICE);
        assertThat(browser.getWithBearer("/o/userinfo/", token).json()).containsEntry("name", "Alice Liddell");
        assertThat(introspect(server, token)).containsEntry("active", true).containsEntry("client_id", OIDC_SPA);

        Response revoked = browser.postForm("/o/revoke_token/", Map.of("token", token, "client_id", OIDC_SPA), null);

        assertThat(revoked.status()).isEqualTo(200);
        Response api = browser.getWithBearer("/api/test/", token);
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.header("WWW-Authenticate")).contains("invalid_token");
        assertThat(browser.getWithBearer("/o/userinfo/", token).status()).isEqualTo(401);
        assertThat(introspect(server, token)).isEqualTo(Map.of("active", false));
        assertThat(server.jdbc()
            .sql("SELECT COUNT(*) FROM oauth_authorization WHERE access_token_hash = ? AND revoked_at IS NOT NULL")
            .param(PkcePair.sha256Hex(token))
            .query(Long.class)
            .single()).as("the grant is revoked in the database").isEqualTo(1);
    }

    @Test
    void applicationsSetToJwtGetJwtsWhateverTheServerDefault() throws ParseException {
        LatchkeyServer server = SharedServers.of(database);
        assertThat(clientCredentialsToken(server, BACKEND, BACKEND_SECRET)).doesNotContain(".");
        assertThat(algorithm(clientCredentialsToken(server, JWT_BACKEND, JWT_BACKEND_SECRET))).isEqualTo("RS256");
        assertThat(algorithm(clientCredentialsToken(server, ES256_BACKEND, ES256_BACKEND_SECRET))).isEqualTo("ES256");
        assertThat(algorithm(server.signedInClient(ALICE, ALICE_PASSWORD)
            .codeFlowTokens(JWT_SPA, JWT_SPA_REDIRECT, "openid")
            .jsonString("access_token"))).isEqualTo("RS256");
    }

    @Test
    void serverDefaultSetToJwtAppliesToApplicationsWithoutAFormatOnly() throws ParseException {
        LatchkeyServer server = SharedServers.withJwtAccessTokens(database);
        assertThat(algorithm(clientCredentialsToken(server, BACKEND, BACKEND_SECRET))).as("the server's ES256")
            .isEqualTo("ES256");
        assertThat(algorithm(clientCredentialsToken(server, JWT_BACKEND, JWT_BACKEND_SECRET))).as("its own RS256")
            .isEqualTo("RS256");

        assertThat(algorithm(server.signedInClient(ALICE, ALICE_PASSWORD)
            .codeFlowTokens(JWT_SPA, JWT_SPA_REDIRECT, "openid")
            .jsonString("access_token"))).as("jwt without an algorithm: the server's").isEqualTo("ES256");
    }

    @Test
    void discoveryAdvertisesIntrospectionAndTheJwksWhateverTheDefault() {
        for (LatchkeyServer server : List.of(SharedServers.of(database), SharedServers.withJwtAccessTokens(database))) {
            for (String path : List.of("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration")) {
                Map<String, Object> metadata = server.client().get(path, Map.of()).json();
                assertThat(metadata).as(path)
                    .containsEntry("introspection_endpoint", server.url("/o/introspect/"))
                    .containsEntry("revocation_endpoint", server.url("/o/revoke_token/"))
                    .containsEntry("jwks_uri", server.url("/o/jwks/"));
            }
        }
    }

    private static String clientCredentialsToken(LatchkeyServer server, String clientId, String secret) {
        Response issued = server.client().postWithBasic("/o/token/", clientId, secret,
                Map.of("grant_type", "client_credentials"));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
        return issued.jsonString("access_token");
    }

    private static String algorithm(String jwt) throws ParseException {
        return SignedJWT.parse(jwt).getHeader().getAlgorithm().getName();
    }

    private static Map<String, Object> introspect(LatchkeyServer server, String token) {
        return server.client().postWithBasic("/o/introspect/", BACKEND, BACKEND_SECRET, Map.of("token", token)).json();
    }
}
