package dev.latchkey.signingkey;

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
import static org.assertj.core.api.Assertions.assertThat;

import java.text.ParseException;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.SharedServers;

/**
 * The algorithm of JWT access tokens: an application's own ({@code access-token-signing-algorithm}), else the
 * server's ({@code latchkey.tokens.access-token-signing-algorithm}, RS256 by default). Each token names a key the
 * JWKS publishes for its algorithm, verifies against it, and is accepted by the API and introspection.
 */
@ParameterizedClass
@EnumSource(Database.class)
class SigningAlgorithmTests {

    @Parameter
    Database database;

    @Test
    void applicationSetToEs256GetsAnEs256JwtWhoseKeyIsPublishedAndVerifiesIt() throws Exception {
        LatchkeyServer server = SharedServers.of(database);
        String token = clientCredentialsToken(server, ES256_BACKEND, ES256_BACKEND_SECRET);

        assertSignedByAPublishedKey(server, token, JWSAlgorithm.ES256);
        assertAccepted(server, token, ES256_BACKEND);
    }

    @Test
    void applicationSetToRs256GetsAnRs256JwtWhoseKeyIsPublishedAndVerifiesIt() throws Exception {
        LatchkeyServer server = SharedServers.of(database);
        String token = clientCredentialsToken(server, JWT_BACKEND, JWT_BACKEND_SECRET);

        assertSignedByAPublishedKey(server, token, JWSAlgorithm.RS256);
        assertAccepted(server, token, JWT_BACKEND);
    }

    @Test
    void jwtApplicationWithoutAnAlgorithmGetsTheServerDefaultRs256UnlessTheServerSaysOtherwise() throws Exception {
        LatchkeyServer rs256 = SharedServers.of(database);
        String token = rs256.signedInClient(ALICE, ALICE_PASSWORD).codeFlowTokens(JWT_SPA, JWT_SPA_REDIRECT, "read")
            .jsonString("access_token");
        assertSignedByAPublishedKey(rs256, token, JWSAlgorithm.RS256);

        LatchkeyServer es256 = SharedServers.withJwtAccessTokens(database);
        String other = es256.signedInClient(ALICE, ALICE_PASSWORD).codeFlowTokens(JWT_SPA, JWT_SPA_REDIRECT, "read")
            .jsonString("access_token");
        assertSignedByAPublishedKey(es256, other, JWSAlgorithm.ES256);
        assertAccepted(es256, other, ALICE);
        assertSignedByAPublishedKey(es256, clientCredentialsToken(es256, JWT_BACKEND, JWT_BACKEND_SECRET),
                JWSAlgorithm.RS256);
    }

    @Test
    void jwksPublishesAnRs256AndAnEs256Key() throws ParseException {
        JWKSet jwks = JWKSet.parse(SharedServers.of(database).client().get("/o/jwks/", Map.of()).body());
        assertThat(jwks.getKeys()).extracting(key -> key.getAlgorithm().getName()).contains("RS256", "ES256");
        assertThat(jwks.getKeys()).allSatisfy(key -> assertThat(key.isPrivate()).isFalse());
    }

    static String clientCredentialsToken(LatchkeyServer server, String clientId, String secret) {
        Response response = server.client().postWithBasic("/o/token/", clientId, secret,
                Map.of("grant_type", "client_credentials"));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.jsonString("access_token");
    }

    /** The token is a JWS of {@code algorithm} whose {@code kid} the JWKS publishes, and that key verifies it. */
    static void assertSignedByAPublishedKey(LatchkeyServer server, String token, JWSAlgorithm algorithm)
            throws ParseException, JOSEException {
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(algorithm);
        JWKSet jwks = JWKSet.parse(server.client().get("/o/jwks/", Map.of()).body());
        JWK key = jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).as("the kid %s is published", jwt.getHeader().getKeyID()).isNotNull();
        assertThat(key.getAlgorithm()).isEqualTo(algorithm);
        JWSVerifier verifier = algorithm.equals(JWSAlgorithm.ES256) ? new ECDSAVerifier(key.toECKey())
                : new RSASSAVerifier(key.toRSAKey());
        assertThat(jwt.verify(verifier)).as("the signature verifies with the published key").isTrue();
    }

    private static void assertAccepted(LatchkeyServer server, String token, String caller) {
        OAuthClient client = server.client();
        Response api = client.getWithBearer("/api/test/", token);
        assertThat(api.status()).as(api.toString()).isEqualTo(200);
        assertThat(api.json()).containsEntry("user", caller);
        Response introspection = client.postWithBasic("/o/introspect/", BACKEND, BACKEND_SECRET, Map.of("token", token));
        assertThat(introspection.json()).containsEntry("active", true);
    }
}
