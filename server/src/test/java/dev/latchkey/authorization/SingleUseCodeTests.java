package dev.latchkey.authorization;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.AuthorizationResponse;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.SharedServers;

/**
 * Authorization codes are single-use, enforced by the database: a second redemption, sequential or
 * racing, fails with invalid_grant and revokes what the first one was issued (RFC 6749 §4.1.2, RFC 9700 §4.2.4).
 */
@ParameterizedClass
@EnumSource(Database.class)
class SingleUseCodeTests {

    private static final int RACERS = 20;

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void redeemWhenCodeAlreadyUsedThenRefusedAndRevokesIssuedTokens() {
        OAuthClient spa = signedInAlice();
        PkcePair pkce = PkcePair.generate();
        AuthorizationResponse code = spa.authorizeCode(SPA, SPA_REDIRECT, "read write", pkce);

        Response first = spa.redeem(SPA, code, SPA_REDIRECT, pkce.verifier());
        assertThat(first.status()).isEqualTo(200);
        String accessToken = first.jsonString("access_token");
        assertThat(spa.getWithBearer("/api/test/", accessToken).status()).isEqualTo(200);

        Response second = spa.redeem(SPA, code, SPA_REDIRECT, pkce.verifier());
        assertThat(second.status()).isEqualTo(400);
        assertThat(second.json()).containsEntry("error", "invalid_grant").doesNotContainKey("access_token");
        assertThat(second.jsonString("error_description")).contains("already been used");

        assertIssuedTokensAreDead(spa, first);
    }

    @Test
    void redeemWhenTwentyRequestsRaceThenExactlyOneWinsAndItsTokensAreRevoked() throws Exception {
        OAuthClient spa = signedInAlice();
        PkcePair pkce = PkcePair.generate();
        AuthorizationResponse code = spa.authorizeCode(SPA, SPA_REDIRECT, "read write", pkce);

        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> attempts = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            for (int i = 0; i < RACERS; i++) {
                OAuthClient racer = server().client();
                attempts.add(pool.submit(() -> {
                    start.await();
                    return racer.redeem(SPA, code, SPA_REDIRECT, pkce.verifier());
                }));
            }
            start.countDown();
            List<Response> winners = new ArrayList<>();
            for (Future<Response> attempt : attempts) {
                Response response = attempt.get();
                if (response.status() == 200) {
                    winners.add(response);
                }
                else {
                    assertThat(response.status()).as(response.toString()).isEqualTo(400);
                    assertThat(response.json()).containsEntry("error", "invalid_grant").doesNotContainKey("access_token");
                }
            }
            assertThat(winners).hasSize(1);
            assertIssuedTokensAreDead(spa, winners.get(0));
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void codeIsStoredOnlyAsAHash() {
        OAuthClient spa = signedInAlice();
        AuthorizationResponse code = spa.authorizeCode(SPA, SPA_REDIRECT, "read", PkcePair.generate());
        assertThat(server().jdbc()
            .sql("SELECT COUNT(*) FROM oauth_authorization WHERE code_hash = ?")
            .param(PkcePair.sha256Hex(code.code()))
            .query(Long.class)
            .single()).isEqualTo(1);
        assertThat(server().jdbc()
            .sql("SELECT COUNT(*) FROM oauth_authorization WHERE code_hash = ?")
            .param(code.code())
            .query(Long.class)
            .single()).isZero();
    }

    private void assertIssuedTokensAreDead(OAuthClient spa, Response issued) {
        String accessToken = issued.jsonString("access_token");
        assertThat(spa.getWithBearer("/api/test/", accessToken).status()).isEqualTo(401);
        Response introspection = spa.postWithBasic("/o/introspect/", BACKEND, BACKEND_SECRET, Map.of("token", accessToken));
        assertThat(introspection.status()).isEqualTo(200);
        assertThat(introspection.json()).containsEntry("active", false);
        Response refresh = spa.token(Map.of("grant_type", "refresh_token", "client_id", SPA, "refresh_token",
                issued.jsonString("refresh_token")));
        assertThat(refresh.status()).isEqualTo(400);
        assertThat(refresh.json()).containsEntry("error", "invalid_grant").doesNotContainKey("access_token");
        assertThat(server().jdbc()
            .sql("SELECT COUNT(*) FROM oauth_authorization WHERE access_token_hash = ? AND revoked_at IS NOT NULL")
            .param(PkcePair.sha256Hex(accessToken))
            .query(Long.class)
            .single()).isEqualTo(1);
    }

    private OAuthClient signedInAlice() {
        return server().signedInClient(ALICE, ALICE_PASSWORD);
    }
}
