package dev.latchkey.resource;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.DPOP_SPA;
import static dev.latchkey.support.TestWorld.DPOP_SPA_REDIRECT;
import static dev.latchkey.support.TestWorld.OIDC_SPA;
import static dev.latchkey.support.TestWorld.OIDC_SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.DPoPKey;
import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.AuthorizationResponse;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.SharedServers;

/**
 * DPoP-bound access tokens at protected resources (RFC 9449 §7), for JWT and reference tokens alike, with real
 * proofs: {@code /api/test/} and UserInfo accept one with {@code Authorization: DPoP} and a proof by its key for
 * that request and that token, and refuse it as a bearer token, with another key's proof, a replayed proof, a
 * proof for another request or another token; introspection tells other resource servers the binding
 * ({@code cnf.jkt}, {@code token_type: DPoP}); an application that requires DPoP needs the server nonce here too.
 */
@ParameterizedClass
@EnumSource(Database.class)
class DPoPResourceTests {

    private static final String ALGS = "algs=\"RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512\"";

    @Parameter
    Database database;

    /** A server issuing JWT access tokens (its default set to jwt), and one issuing reference tokens (the default). */
    private List<LatchkeyServer> servers() {
        return List.of(SharedServers.withJwtAccessTokens(database), SharedServers.of(database));
    }

    @Test
    void boundTokenWithAProofByItsKeyIsAcceptedByTheApiAndUserInfo() {
        for (LatchkeyServer server : servers()) {
            DPoPKey key = DPoPKey.generate();
            OAuthClient client = server.signedInClient(ALICE, ALICE_PASSWORD);
            String token = boundToken(server, client, key, OIDC_SPA, OIDC_SPA_REDIRECT, false);

            Response api = withProof(server, client, "/api/test/", token, key, null);
            assertThat(api.status()).as(api.toString()).isEqualTo(200);
            assertThat(api.json()).containsEntry("user", ALICE);
            assertThat(api.header("DPoP-Nonce")).isNotBlank();
            Response userInfo = withProof(server, client, "/o/userinfo/", token, key, null);
            assertThat(userInfo.status()).as(userInfo.toString()).isEqualTo(200);
            assertThat(userInfo.json()).containsKey("sub");
        }
    }

    @Test
    void boundTokenSentAsBearerTokenIsRefused() {
        for (LatchkeyServer server : servers()) {
            DPoPKey key = DPoPKey.generate();
            OAuthClient client = server.signedInClient(ALICE, ALICE_PASSWORD);
            String token = boundToken(server, client, key, OIDC_SPA, OIDC_SPA_REDIRECT, false);
            for (String path : List.of("/api/test/", "/o/userinfo/")) {
                Response refused = client.getWithBearer(path, token);
                assertThat(refused.status()).as(path + " " + refused).isEqualTo(401);
                assertThat(refused.header("WWW-Authenticate")).as(path).startsWith("Bearer")
                    .contains("error=\"invalid_token\"", "bound to a DPoP key", "Authorization: DPoP");
            }
        }
    }

    @Test
    void proofsThatDoNotFitTheTokenOrTheRequestAreRefusedAsInvalidDPoPProof() {
        for (LatchkeyServer server : servers()) {
            DPoPKey key = DPoPKey.generate();
            OAuthClient client = server.signedInClient(ALICE, ALICE_PASSWORD);
            String token = boundToken(server, client, key, OIDC_SPA, OIDC_SPA_REDIRECT, false);
            String api = server.url("/api/test/");
            String otherToken = boundToken(server, client, key, OIDC_SPA, OIDC_SPA_REDIRECT, false);
            Map<String, String> wrong = Map.of(
                    DPoPKey.generate().proof("GET", api, token, null), "signed by another key",
                    key.proof("GET", server.url("/o/userinfo/"), token, null), "htu is",
                    key.proof("POST", api, token, null), "htm is 'POST'",
                    key.proof("GET", api, otherToken, null), "ath must be",
                    key.proof("GET", api, null, null), "ath must be");
            wrong.forEach((proof, reason) -> {
                Response refused = client.get("/api/test/", Map.of("Authorization", "DPoP " + token, "DPoP", proof,
                        "Accept", "application/json"));
                assertDPoPRefusal(refused, "invalid_dpop_proof", reason);
            });
            assertThat(withProof(server, client, "/api/test/", token, key, null).status())
                .as("the token itself still works").isEqualTo(200);
        }
    }

    @Test
    void proofReplayedAtAResourceIsRefused() {
        for (LatchkeyServer server : servers()) {
            DPoPKey key = DPoPKey.generate();
            OAuthClient client = server.signedInClient(ALICE, ALICE_PASSWORD);
            String token = boundToken(server, client, key, OIDC_SPA, OIDC_SPA_REDIRECT, false);
            Map<String, String> headers = Map.of("Authorization", "DPoP " + token, "DPoP",
                    key.proof("GET", server.url("/api/test/"), token, null), "Accept", "application/json");

            assertThat(client.get("/api/test/", headers).status()).isEqualTo(200);
            assertDPoPRefusal(client.get("/api/test/", headers), "invalid_dpop_proof", "was presented before");
        }
    }

    @Test
    void unboundOrRevokedTokensWithTheDPoPSchemeAreRefusedAsInvalidToken() {
        for (LatchkeyServer server : servers()) {
            DPoPKey key = DPoPKey.generate();
            OAuthClient client = server.signedInClient(ALICE, ALICE_PASSWORD);
            String bearer = client.codeFlowTokens(OIDC_SPA, OIDC_SPA_REDIRECT, "openid read").jsonString("access_token");
            assertDPoPRefusal(withProof(server, client, "/api/test/", bearer, key, null), "invalid_token",
                    "not bound to a DPoP key");

            String bound = boundToken(server, client, key, OIDC_SPA, OIDC_SPA_REDIRECT, false);
            Response revoked = client.postForm("/o/revoke_token/", Map.of("token", bound, "client_id", OIDC_SPA), null);
            assertThat(revoked.status()).isEqualTo(200);
            assertDPoPRefusal(withProof(server, client, "/api/test/", bound, key, null), "invalid_token", "");
            assertDPoPRefusal(withProof(server, client, "/api/test/", "not-a-token", key, null), "invalid_token", "");
        }
    }

    @Test
    void introspectionTellsResourceServersTheKeyTheTokenIsBoundTo() {
        for (LatchkeyServer server : servers()) {
            DPoPKey key = DPoPKey.generate();
            OAuthClient client = server.signedInClient(ALICE, ALICE_PASSWORD);
            String token = boundToken(server, client, key, OIDC_SPA, OIDC_SPA_REDIRECT, false);

            Response introspection = client.postWithBasic("/o/introspect/", BACKEND, BACKEND_SECRET,
                    Map.of("token", token));
            assertThat(introspection.json()).containsEntry("active", true)
                .containsEntry("token_type", "DPoP")
                .containsEntry("cnf", Map.of("jkt", key.thumbprint()))
                .containsEntry("client_id", OIDC_SPA);
        }
    }

    @Test
    void tokenOfAnApplicationThatRequiresDPoPNeedsTheServerNonceAtResourcesToo() {
        for (LatchkeyServer server : servers()) {
            DPoPKey key = DPoPKey.generate();
            OAuthClient client = server.signedInClient(ALICE, ALICE_PASSWORD);
            String token = boundToken(server, client, key, DPOP_SPA, DPOP_SPA_REDIRECT, true);

            Response withoutNonce = withProof(server, client, "/api/test/", token, key, null);
            assertDPoPRefusal(withoutNonce, "use_dpop_nonce", "must carry a server nonce");
            String nonce = withoutNonce.header("DPoP-Nonce");
            assertThat(nonce).isNotBlank();

            Response withNonce = withProof(server, client, "/api/test/", token, key, nonce);
            assertThat(withNonce.status()).as(withNonce.toString()).isEqualTo(200);
            assertThat(withProof(server, client, "/o/userinfo/", token, key, nonce).status()).isEqualTo(200);
        }
    }

    /**
     * A code flow whose redemption carries a proof by {@code key}: the access token is bound. With
     * {@code serverNonce}, the first redemption is refused for want of the server nonce (which leaves the code
     * unused) and is made again with the nonce the refusal gives (RFC 9449 §8).
     */
    private static String boundToken(LatchkeyServer server, OAuthClient client, DPoPKey key, String clientId,
            String redirectUri, boolean serverNonce) {
        PkcePair pkce = PkcePair.generate();
        AuthorizationResponse code = client.authorizeCode(clientId, redirectUri, "openid read", pkce);
        Map<String, String> redemption = Map.of("grant_type", "authorization_code", "code", code.code(),
                "redirect_uri", redirectUri, "client_id", clientId, "code_verifier", pkce.verifier());
        String nonce = null;
        if (serverNonce) {
            Response refused = client.post("/o/token/", redemption,
                    Map.of("DPoP", key.proof("POST", server.url("/o/token/"))));
            assertThat(refused.json()).containsEntry("error", "use_dpop_nonce");
            nonce = refused.header("DPoP-Nonce");
        }
        Response tokens = client.post("/o/token/", redemption,
                Map.of("DPoP", key.proof("POST", server.url("/o/token/"), null, nonce)));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(tokens.json()).containsEntry("token_type", "DPoP");
        return tokens.jsonString("access_token");
    }

    private static Response withProof(LatchkeyServer server, OAuthClient client, String path, String token, DPoPKey key,
            String nonce) {
        return client.get(path, Map.of("Authorization", "DPoP " + token, "DPoP",
                key.proof("GET", server.url(path), token, nonce), "Accept", "application/json"));
    }

    /** RFC 9449 §7.1: 401 with a DPoP challenge naming the error and the algorithms accepted. */
    private static void assertDPoPRefusal(Response response, String error, String description) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).as(response.toString())
            .startsWith("DPoP ")
            .contains("error=\"" + error + "\"", description, ALGS);
    }
}
