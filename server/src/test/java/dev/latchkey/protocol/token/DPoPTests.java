package dev.latchkey.protocol.token;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.DPOP_BACKEND;
import static dev.latchkey.support.TestWorld.DPOP_BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.JWT_BACKEND;
import static dev.latchkey.support.TestWorld.JWT_BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;

import tools.jackson.databind.json.JsonMapper;

import dev.latchkey.support.DPoPKey;
import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.AuthorizationResponse;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.SharedServers;

/**
 * DPoP at the token endpoint (RFC 9449 §5), with real proofs: a valid proof binds the access token to its key
 * ({@code token_type: DPoP}; a JWT's {@code cnf.jkt}, a reference token's thumbprint stored with its grant) for
 * the authorization code, refresh and client credentials grants; a public client's refresh needs a proof by the
 * same key; a replayed, mismatched, stale or malformed proof is refused with {@code invalid_dpop_proof} and
 * issues nothing; an application that requires DPoP gets no token without a proof and its server nonce.
 */
@ParameterizedClass
@EnumSource(Database.class)
class DPoPTests {

    @Parameter
    Database database;

    private LatchkeyServer server() {
        return SharedServers.of(database);
    }

    private String tokenUrl() {
        return server().url("/o/token/");
    }

    @Test
    void codeRedeemedWithProofGivesAccessTokensBoundToTheProofKeyInEitherFormat() {
        for (LatchkeyServer server : List.of(SharedServers.withJwtAccessTokens(database), server())) {
            boolean jwt = server != server();
            DPoPKey key = DPoPKey.generate();
            OAuthClient browser = server.signedInClient(ALICE, ALICE_PASSWORD);
            Response tokens = redeemWithProof(server, browser, key);

            assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
            assertThat(tokens.json()).containsEntry("token_type", "DPoP");
            assertThat(tokens.header("DPoP-Nonce")).as("a nonce with every DPoP response").isNotBlank();
            String accessToken = tokens.jsonString("access_token");
            assertThat(storedThumbprint(server, accessToken)).isEqualTo(key.thumbprint());
            assertThat(accessToken.split("\\.")).as("a JWT from the JWT server, else a reference token")
                .hasSize(jwt ? 3 : 1);
            if (jwt) {
                assertThat(claims(accessToken)).containsEntry("cnf", Map.of("jkt", key.thumbprint()));
            }
        }
    }

    @Test
    void clientCredentialsWithProofIsBoundAndIntrospectionSaysSo() {
        DPoPKey key = DPoPKey.generate();
        Response tokens = server().client().post("/o/token/", Map.of("grant_type", "client_credentials"),
                Map.of("Authorization", basic(BACKEND, BACKEND_SECRET), "DPoP", key.proof("POST", tokenUrl())));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(tokens.json()).containsEntry("token_type", "DPoP");

        Response introspection = server().client().postWithBasic("/o/introspect/", BACKEND, BACKEND_SECRET,
                Map.of("token", tokens.jsonString("access_token")));
        assertThat(introspection.json()).containsEntry("active", true)
            .containsEntry("token_type", "DPoP")
            .containsEntry("cnf", Map.of("jkt", key.thumbprint()));
    }

    @Test
    void withoutProofTokensStayBearerTokens() {
        Response tokens = server().client().postWithBasic("/o/token/", JWT_BACKEND, JWT_BACKEND_SECRET,
                Map.of("grant_type", "client_credentials"));
        assertThat(tokens.json()).containsEntry("token_type", "Bearer");
        assertThat(tokens.header("DPoP-Nonce")).isNull();
        assertThat(storedThumbprint(server(), tokens.jsonString("access_token"))).isNull();
        assertThat(claims(tokens.jsonString("access_token"))).doesNotContainKey("cnf");
    }

    @Test
    void publicClientRefreshesOnlyWithAProofOfTheKeyItsTokensAreBoundTo() {
        DPoPKey key = DPoPKey.generate();
        OAuthClient browser = server().signedInClient(ALICE, ALICE_PASSWORD);
        String refreshToken = redeemWithProof(server(), browser, key).jsonString("refresh_token");
        Map<String, String> refresh = Map.of("grant_type", "refresh_token", "client_id", SPA, "refresh_token",
                refreshToken);

        Response withoutProof = browser.token(refresh);
        assertRefused(withoutProof, "invalid_dpop_proof", "refresh_token is bound to a DPoP key");
        Response otherKey = browser.post("/o/token/", refresh,
                Map.of("DPoP", DPoPKey.generate().proof("POST", tokenUrl())));
        assertRefused(otherKey, "invalid_dpop_proof", "signed by another key than the one this refresh_token is bound to");

        Response sameKey = browser.post("/o/token/", refresh, Map.of("DPoP", key.proof("POST", tokenUrl())));
        assertThat(sameKey.status()).as("the refusals rotated nothing: " + sameKey).isEqualTo(200);
        assertThat(sameKey.json()).containsEntry("token_type", "DPoP");
        assertThat(storedThumbprint(server(), sameKey.jsonString("access_token"))).isEqualTo(key.thumbprint());
    }

    @Test
    void retriedRefreshGetsTheSameBoundTokensOnlyWithAProofOfTheSameKey() {
        DPoPKey key = DPoPKey.generate();
        OAuthClient browser = server().signedInClient(ALICE, ALICE_PASSWORD);
        String refreshToken = redeemWithProof(server(), browser, key).jsonString("refresh_token");
        Map<String, String> refresh = Map.of("grant_type", "refresh_token", "client_id", SPA, "refresh_token",
                refreshToken);
        Response first = browser.post("/o/token/", refresh, Map.of("DPoP", key.proof("POST", tokenUrl())));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);

        Response withoutProof = browser.token(refresh);
        assertRefused(withoutProof, "invalid_dpop_proof", "retry gets the same DPoP-bound tokens");
        Response otherKey = browser.post("/o/token/", refresh,
                Map.of("DPoP", DPoPKey.generate().proof("POST", tokenUrl())));
        assertRefused(otherKey, "invalid_dpop_proof", "send a proof signed by that same key");

        Response retry = browser.post("/o/token/", refresh, Map.of("DPoP", key.proof("POST", tokenUrl())));
        assertThat(retry.status()).as("the refusals revoked nothing: " + retry).isEqualTo(200);
        assertThat(retry.json()).containsEntry("token_type", "DPoP")
            .containsEntry("access_token", first.jsonString("access_token"))
            .containsEntry("refresh_token", first.jsonString("refresh_token"));
    }

    @Test
    void proofPresentedTwiceIsRefusedTheSecondTime() {
        String proof = DPoPKey.generate().proof("POST", tokenUrl());
        Map<String, String> headers = Map.of("Authorization", basic(BACKEND, BACKEND_SECRET), "DPoP", proof);
        Map<String, String> request = Map.of("grant_type", "client_credentials");
        assertThat(server().client().post("/o/token/", request, headers).status()).isEqualTo(200);

        Response replayed = server().client().post("/o/token/", request, headers);
        assertRefused(replayed, "invalid_dpop_proof", "was presented before");
    }

    @Test
    void proofSeenByAnotherNodeIsRefusedHereToo() {
        DPoPKey key = DPoPKey.generate();
        String jti = "seen-elsewhere-" + System.nanoTime();
        String proof = key.sign(key.claims("POST", tokenUrl(), null, null).jwtID(jti).build());
        // What another node sharing the database wrote when the proof reached it first.
        server().jdbc()
            .sql("INSERT INTO dpop_proof (proof_hash, expires_at) VALUES (?, ?)")
            .params(PkcePair.sha256Hex(key.thumbprint() + " " + jti), OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(2))
            .update();

        Response refused = server().client().post("/o/token/", Map.of("grant_type", "client_credentials"),
                Map.of("Authorization", basic(BACKEND, BACKEND_SECRET), "DPoP", proof));
        assertRefused(refused, "invalid_dpop_proof", "was presented before");
    }

    @Test
    void proofsThatDoNotFitTheRequestAreRefusedSayingWhyAndIssueNothing() {
        DPoPKey key = DPoPKey.generate();
        long before = grantsOf(BACKEND);
        Map<String, String> wrong = new LinkedHashMap<>();
        wrong.put(key.proof("GET", tokenUrl()), "htm is 'GET', not this request's method POST");
        wrong.put(key.proof("POST", server().url("/o/introspect/")), "htu is '" + server().url("/o/introspect/") + "'");
        wrong.put(key.proof("POST", tokenUrl() + "?x=1"), "without query");
        wrong.put(key.sign(key.claims("POST", tokenUrl(), null, null).issueTime(ago(300)).build()), "iat must be");
        wrong.put(key.sign(key.claims("POST", tokenUrl(), null, null).issueTime(ago(-300)).build()), "iat must be");
        wrong.put(key.sign(key.claims("POST", tokenUrl(), null, null).jwtID(null).build()), "jti is required");
        wrong.put(key.sign(key.header().type(JOSEObjectType.JWT).build(), key.claims("POST", tokenUrl(), null, null)
            .build()), "typ header must be dpop+jwt");
        wrong.put(key.sign(key.header().jwk(null).build(), key.claims("POST", tokenUrl(), null, null).build()),
                "jwk header must be the public key");
        wrong.put(key.signWithPrivateJwkInHeader(key.claims("POST", tokenUrl(), null, null).build()),
                "DPoP proof is not valid");
        wrong.put(key.sign(key.header().jwk(DPoPKey.generate().privateJwk().toPublicJWK()).build(),
                key.claims("POST", tokenUrl(), null, null).build()), "signature does not verify");
        wrong.put(new PlainJWT(new PlainHeader.Builder().type(new JOSEObjectType("dpop+jwt")).build(),
                key.claims("POST", tokenUrl(), null, null).build()).serialize(), "not a signed JWT");
        wrong.put("not-a-jwt", "not a signed JWT");
        wrong.put(key.sign(key.claims("POST", tokenUrl(), null, null).claim("iat", "yesterday").build()),
                "DPoP proof");
        wrong.put(key.sign(key.claims("POST", tokenUrl(), null, null).claim("htu", List.of(tokenUrl())).build()),
                "DPoP proof htu");
        wrong.put(key.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
            .jwk(key.privateJwk().toPublicJWK())
            .build(), new JWTClaimsSet.Builder().claim("htm", "POST").build()), "htu is 'null'");
        wrong.forEach((proof, reason) -> {
            Response refused = server().client().post("/o/token/", Map.of("grant_type", "client_credentials"),
                    Map.of("Authorization", basic(BACKEND, BACKEND_SECRET), "DPoP", proof));
            assertRefused(refused, "invalid_dpop_proof", reason);
        });
        assertThat(grantsOf(BACKEND)).as("nothing issued").isEqualTo(before);
    }

    @Test
    void twoProofsInOneRequestAreRefused() {
        DPoPKey key = DPoPKey.generate();
        Response refused = server().client().post("/o/token/", Map.of("grant_type", "client_credentials"),
                Map.of("Authorization", basic(BACKEND, BACKEND_SECRET), "DPoP",
                        List.of(key.proof("POST", tokenUrl()), key.proof("POST", tokenUrl()))));
        assertRefused(refused, "invalid_request", "DPoP header must be sent at most once");
    }

    @Test
    void applicationThatRequiresDPoPGetsTokensOnlyWithAProofAndTheServerNonce() {
        DPoPKey key = DPoPKey.generate();
        Map<String, String> request = Map.of("grant_type", "client_credentials");
        String credentials = basic(DPOP_BACKEND, DPOP_BACKEND_SECRET);

        Response withoutProof = server().client().postForm("/o/token/", request, credentials);
        assertRefused(withoutProof, "invalid_dpop_proof", "application 'dpop-backend' requires DPoP");

        Response withoutNonce = server().client().post("/o/token/", request,
                Map.of("Authorization", credentials, "DPoP", key.proof("POST", tokenUrl())));
        assertRefused(withoutNonce, "use_dpop_nonce", "must carry a server nonce", "DPoP-Nonce header");
        String nonce = withoutNonce.header("DPoP-Nonce");
        assertThat(nonce).isNotBlank();

        Response forgedNonce = server().client().post("/o/token/", request,
                Map.of("Authorization", credentials, "DPoP", key.proof("POST", tokenUrl(), null, forged(nonce))));
        assertRefused(forgedNonce, "use_dpop_nonce", "not a current server nonce");

        Response withNonce = server().client().post("/o/token/", request,
                Map.of("Authorization", credentials, "DPoP", key.proof("POST", tokenUrl(), null, nonce)));
        assertThat(withNonce.status()).as(withNonce.toString()).isEqualTo(200);
        assertThat(withNonce.json()).containsEntry("token_type", "DPoP");
        assertThat(withNonce.header("DPoP-Nonce")).isNotBlank();
        assertThat(storedThumbprint(server(), withNonce.jsonString("access_token"))).isEqualTo(key.thumbprint());
    }

    @Test
    void discoveryListsTheProofAlgorithmsVerified() {
        for (String path : List.of("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration")) {
            Map<String, Object> metadata = server().client().get(path, Map.of("Accept", "application/json")).json();
            assertThat(metadata).as(path).containsEntry("dpop_signing_alg_values_supported",
                    List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"));
        }
    }

    private Response redeemWithProof(LatchkeyServer server, OAuthClient browser, DPoPKey key) {
        PkcePair pkce = PkcePair.generate();
        AuthorizationResponse code = browser.authorizeCode(SPA, SPA_REDIRECT, "read", pkce);
        return browser.post("/o/token/", Map.of("grant_type", "authorization_code", "code", code.code(),
                "redirect_uri", SPA_REDIRECT, "client_id", SPA, "code_verifier", pkce.verifier()),
                Map.of("DPoP", key.proof("POST", server.url("/o/token/"))));
    }

    private static void assertRefused(Response response, String error, String... description) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json()).containsEntry("error", error);
        assertThat(response.jsonString("error_description")).contains(description);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    }

    static String storedThumbprint(LatchkeyServer server, String accessToken) {
        return server.jdbc()
            .sql("SELECT dpop_jkt FROM oauth_authorization WHERE access_token_hash = ?")
            .param(PkcePair.sha256Hex(accessToken))
            .query((row, number) -> Optional.ofNullable(row.getString(1)))
            .single()
            .orElse(null);
    }

    private long grantsOf(String clientId) {
        return server().jdbc()
            .sql("SELECT COUNT(*) FROM oauth_authorization WHERE client_id = ?")
            .param(clientId)
            .query(Long.class)
            .single();
    }

    /** The same nonce with its last character changed: no longer what the server issued. */
    private static String forged(String nonce) {
        char last = nonce.charAt(nonce.length() - 1);
        return nonce.substring(0, nonce.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    private static Date ago(int seconds) {
        return Date.from(Instant.now().minusSeconds(seconds));
    }

    static String basic(String clientId, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> claims(String jwt) {
        return JsonMapper.builder().build().readValue(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), Map.class);
    }
}
