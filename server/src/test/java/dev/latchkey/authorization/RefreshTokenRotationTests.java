package dev.latchkey.authorization;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_REDIRECT;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.OTHER_BACKEND;
import static dev.latchkey.support.TestWorld.OTHER_BACKEND_SECRET;
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
 * Refresh tokens are issued to public clients too and rotate on every use; presenting a rotated one again
 * revokes the whole grant (RFC 9700 §4.14.2), unless it is a retry within the retry window (see
 * {@code RefreshRetryWindowTests}), which is also what concurrent refreshes with one token are.
 */
@ParameterizedClass
@EnumSource(Database.class)
class RefreshTokenRotationTests {

    private static final int RACERS = 20;

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void refreshWhenPublicClientThenNewTokensAndTheOldRefreshTokenStopsWorking() {
        OAuthClient spa = server().client();
        Response issued = spaTokens(spa);
        String first = issued.jsonString("refresh_token");
        assertThat(first).isNotBlank();

        Response refreshed = refresh(spa, first);
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.header("Cache-Control")).contains("no-store");
        assertThat(refreshed.json()).containsEntry("token_type", "Bearer").containsEntry("scope", "read write");
        String second = refreshed.jsonString("refresh_token");
        assertThat(second).isNotBlank().isNotEqualTo(first);
        Response api = spa.getWithBearer("/api/test/", refreshed.jsonString("access_token"));
        assertThat(api.status()).isEqualTo(200);
        assertThat(api.json()).containsEntry("user", ALICE);

        assertThat(refresh(spa, second).status()).isEqualTo(200);
    }

    @Test
    void refreshWhenRotatedTokenIsReplayedAfterItsSuccessorWasUsedThenTheWholeFamilyIsRevoked() {
        OAuthClient spa = server().client();
        String stolen = spaTokens(spa).jsonString("refresh_token");
        Response legitimate = refresh(spa, stolen);
        assertThat(legitimate.status()).isEqualTo(200);
        Response later = refresh(spa, legitimate.jsonString("refresh_token"));
        assertThat(later.status()).isEqualTo(200);

        Response replay = refresh(spa, stolen);
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.json()).containsEntry("error", "invalid_grant").doesNotContainKey("access_token");
        assertThat(replay.jsonString("error_description")).contains("already been used").contains("revoked");

        Response newest = refresh(spa, later.jsonString("refresh_token"));
        assertThat(newest.status()).isEqualTo(400);
        assertThat(newest.jsonString("error_description")).contains("has been revoked");
        assertThat(spa.getWithBearer("/api/test/", later.jsonString("access_token")).status()).isEqualTo(401);
        assertThat(familyRevoked(stolen)).isTrue();
    }

    @Test
    void refreshWhenTwentyRequestsRaceWithOneTokenThenEachGetsTheSameTokensAndOneFamilyLives() throws Exception {
        OAuthClient spa = server().client();
        String token = spaTokens(spa).jsonString("refresh_token");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        List<Future<Response>> attempts = new ArrayList<>();
        List<Response> responses = new ArrayList<>();
        try {
            for (int i = 0; i < RACERS; i++) {
                OAuthClient racer = server().client();
                attempts.add(pool.submit(() -> {
                    start.await();
                    return refresh(racer, token);
                }));
            }
            start.countDown();
            for (Future<Response> attempt : attempts) {
                responses.add(attempt.get());
            }
        }
        finally {
            pool.shutdownNow();
        }

        assertThat(responses).as("no 5xx, no revoked family: every racer gets an answer")
            .allSatisfy(response -> assertThat(response.status()).as(response.toString()).isEqualTo(200));
        String accessToken = responses.get(0).jsonString("access_token");
        String refreshToken = responses.get(0).jsonString("refresh_token");
        assertThat(responses).as("one refresh was stored; the others answered with its tokens").allSatisfy(response -> {
            assertThat(response.jsonString("access_token")).isEqualTo(accessToken);
            assertThat(response.jsonString("refresh_token")).isEqualTo(refreshToken);
        });
        assertThat(familyRevoked(token)).as("the family lives").isFalse();
        assertThat(count("SELECT COUNT(*) FROM oauth_authorization a JOIN oauth_rotated_refresh_token r "
                + "ON r.authorization_id = a.id WHERE r.token_hash = ? AND a.refresh_token_hash = ? "
                + "AND a.access_token_hash = ?", PkcePair.sha256Hex(token), PkcePair.sha256Hex(refreshToken),
                PkcePair.sha256Hex(accessToken))).as("the answered tokens are the stored ones").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM oauth_rotated_refresh_token WHERE authorization_id = (SELECT "
                + "authorization_id FROM oauth_rotated_refresh_token WHERE token_hash = ?)", PkcePair.sha256Hex(token)))
            .as("rotated once").isEqualTo(1);
        assertThat(spa.getWithBearer("/api/test/", accessToken).status()).isEqualTo(200);
        assertThat(refresh(spa, refreshToken).status()).as("its current refresh token works").isEqualTo(200);
    }

    @Test
    void refreshWhenTokenBelongsToAnotherClientThenRefusedAndNothingIssued() {
        OAuthClient backend = server().client();
        assertThat(backend.login(ALICE, ALICE_PASSWORD).status()).isEqualTo(302);
        PkcePair pkce = PkcePair.generate();
        AuthorizationResponse code = backend.authorizeCode(BACKEND, BACKEND_REDIRECT, "read", pkce);
        Response issued = backend.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET, Map.of("grant_type",
                "authorization_code", "code", code.code(), "redirect_uri", BACKEND_REDIRECT, "code_verifier", pkce.verifier()));
        assertThat(issued.status()).isEqualTo(200);

        Response stolen = backend.postWithBasic("/o/token/", OTHER_BACKEND, OTHER_BACKEND_SECRET,
                Map.of("grant_type", "refresh_token", "refresh_token", issued.jsonString("refresh_token")));
        assertThat(stolen.status()).isEqualTo(400);
        assertThat(stolen.json()).containsEntry("error", "invalid_grant").doesNotContainKey("access_token");
        assertThat(stolen.jsonString("error_description")).contains("another client");

        Response own = backend.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET,
                Map.of("grant_type", "refresh_token", "refresh_token", issued.jsonString("refresh_token")));
        assertThat(own.status()).isEqualTo(200);
    }

    @Test
    void refreshTokensAreStoredOnlyAsHashes() {
        OAuthClient spa = server().client();
        Response issued = spaTokens(spa);
        String refreshToken = issued.jsonString("refresh_token");
        Response rotated = refresh(spa, refreshToken);
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(count("SELECT COUNT(*) FROM oauth_rotated_refresh_token WHERE token_hash = ?",
                PkcePair.sha256Hex(refreshToken))).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM oauth_authorization WHERE refresh_token_hash = ?",
                PkcePair.sha256Hex(rotated.jsonString("refresh_token")))).isEqualTo(1);
        for (String value : List.of(refreshToken, rotated.jsonString("refresh_token"), rotated.jsonString("access_token"))) {
            assertThat(count("SELECT COUNT(*) FROM oauth_authorization WHERE refresh_token_hash = ? "
                    + "OR access_token_hash = ? OR code_hash = ?", value, value, value)).isZero();
            assertThat(count("SELECT COUNT(*) FROM oauth_rotated_refresh_token WHERE token_hash = ?", value)).isZero();
        }
    }

    /** Whether the family {@code refreshToken} was rotated out of is revoked. */
    private boolean familyRevoked(String refreshToken) {
        return count("SELECT COUNT(*) FROM oauth_authorization WHERE revoked_at IS NOT NULL AND id = (SELECT "
                + "authorization_id FROM oauth_rotated_refresh_token WHERE token_hash = ?)",
                PkcePair.sha256Hex(refreshToken)) == 1;
    }

    private long count(String sql, Object... params) {
        return server().jdbc().sql(sql).params(params).query(Long.class).single();
    }

    private static Response spaTokens(OAuthClient spa) {
        assertThat(spa.login(ALICE, ALICE_PASSWORD).status()).isEqualTo(302);
        return spa.codeFlowTokens(SPA, SPA_REDIRECT, "read write");
    }

    private static Response refresh(OAuthClient client, String refreshToken) {
        return client.token(Map.of("grant_type", "refresh_token", "client_id", SPA, "refresh_token", refreshToken));
    }
}
