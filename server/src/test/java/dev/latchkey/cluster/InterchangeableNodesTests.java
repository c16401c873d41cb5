package dev.latchkey.cluster;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BOB;
import static dev.latchkey.support.TestWorld.BOB_PASSWORD;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import dev.latchkey.admin.AdminApi;
import dev.latchkey.admin.UserAdministration;
import dev.latchkey.signingkey.SigningKeyService;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.AuthorizationResponse;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.user.UserService;

/**
 * Two nodes on one PostgreSQL (two application contexts on their own ports, as two machines behind a load
 * balancer) are interchangeable: every step of a flow may land on either node, and what one node changes the
 * other acts on. On PostgreSQL only: an H2 file belongs to one process, so it never has two nodes.
 */
class InterchangeableNodesTests {

    private final LatchkeyServer a = TwoNodes.a();

    private final LatchkeyServer b = TwoNodes.b();

    @Test
    void eachStepOfAFlowMayLandOnEitherNode() {
        OAuthClient browser = a.signedInClient(ALICE, ALICE_PASSWORD);
        PkcePair pkce = PkcePair.generate();

        AuthorizationResponse authorization = browser.on(b).authorizeCode(SPA, SPA_REDIRECT, "read", pkce);
        Response issued = browser.on(a).redeem(SPA, authorization, SPA_REDIRECT, pkce.verifier());
        assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
        assertThat(b.client().getWithBearer("/api/test/", issued.jsonString("access_token")).status()).isEqualTo(200);

        Response refreshed = refresh(b, issued.jsonString("refresh_token"));
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        String accessToken = refreshed.jsonString("access_token");
        String refreshToken = refreshed.jsonString("refresh_token");
        assertThat(a.client().getWithBearer("/api/test/", accessToken).status()).isEqualTo(200);

        Response revoked = a.client().postForm("/o/revoke_token/", Map.of("token", refreshToken, "client_id", SPA), null);
        assertThat(revoked.status()).isEqualTo(200);

        Response refused = refresh(b, refreshToken);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.jsonString("error")).isEqualTo("invalid_grant");
        assertThat(refused.jsonString("error_description")).contains("revoked");
        assertThat(b.client().getWithBearer("/api/test/", accessToken).status())
            .as("the access token of the revoked grant, on the other node").isEqualTo(401);
    }

    @Test
    void userDisabledOnOneNodeIsRefusedOnTheOtherAtOnce() {
        OAuthClient browser = b.signedInClient(BOB, BOB_PASSWORD);
        String refreshToken = browser.codeFlowTokens(SPA, SPA_REDIRECT, "read").jsonString("refresh_token");
        String bob = a.bean(UserService.class).find(BOB).orElseThrow().id();

        a.bean(UserAdministration.class).setEnabled("operator", bob, false);
        try {
            // No node keeps users, grants or sessions in memory: the bound docs/deployment.md states is 0 s for them.
            Response refused = refresh(b, refreshToken);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.jsonString("error")).isEqualTo("invalid_grant");
            Response signIn = b.client().login(BOB, BOB_PASSWORD);
            assertThat(signIn.header("Location")).as("a disabled user cannot sign in on the other node").contains("error");
            assertThat(browser.on(b).get("/account/apps", Map.of("Accept", "text/html")).header("Location"))
                .as("the session on the other node has ended").endsWith("/login");
        }
        finally {
            a.bean(UserAdministration.class).setEnabled("operator", bob, true);
        }
    }

    @Test
    void signingKeyRotatedOnOneNodeIsPublishedByTheOtherWithinFiveSeconds() throws InterruptedException {
        List<String> rotatedIn = a.bean(SigningKeyService.class).rotate().stream().map(key -> key.kid()).toList();

        long deadline = System.nanoTime() + 5_500_000_000L;
        String jwks = b.client().get("/o/jwks/", Map.of()).body();
        while (!rotatedIn.stream().allMatch(jwks::contains) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            jwks = b.client().get("/o/jwks/", Map.of()).body();
        }
        assertThat(jwks).contains(rotatedIn);
    }

    @Test
    void applicationChangedOnOneNodeTakesEffectOnTheOtherWithinFiveSeconds() throws InterruptedException {
        AdminApi api = AdminApi.asRobot(a);
        String clientId = "machine-" + UUID.randomUUID();
        Map<String, Object> application = new LinkedHashMap<>();
        application.put("client_id", clientId);
        application.put("client_name", "Reports");
        application.put("token_endpoint_auth_method", "client_secret_basic");
        application.put("grant_types", List.of("client_credentials"));
        application.put("scope", "read");
        assertThat(clientCredentials(b, clientId, "not-yet").status()).as("unknown on b, for now").isEqualTo(401);

        String secret = api.post("/admin/api/applications", application).jsonString("client_secret");
        assertThat(awaitStatus(() -> clientCredentials(b, clientId, secret), 200)).as("created on a, known on b")
            .isEqualTo(200);

        String rotated = api.post("/admin/api/applications/" + clientId + "/secret", null).jsonString("client_secret");
        assertThat(awaitStatus(() -> clientCredentials(b, clientId, secret), 401)).as("the old secret, on b")
            .isEqualTo(401);
        assertThat(clientCredentials(b, clientId, rotated).status()).as("the new secret, on b").isEqualTo(200);
    }

    /** Repeats {@code request} until it answers {@code status}, for at most 5 s (and a little): its last status. */
    private static int awaitStatus(Supplier<Response> request, int status) throws InterruptedException {
        long deadline = System.nanoTime() + 5_500_000_000L;
        int answered = request.get().status();
        while (answered != status && System.nanoTime() < deadline) {
            Thread.sleep(250);
            answered = request.get().status();
        }
        return answered;
    }

    private static Response clientCredentials(LatchkeyServer node, String clientId, String secret) {
        return node.client().postWithBasic("/o/token/", clientId, secret, Map.of("grant_type", "client_credentials"));
    }

    private static Response refresh(LatchkeyServer node, String refreshToken) {
        return node.client().token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", SPA));
    }
}
