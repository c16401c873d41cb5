package dev.latchkey.protocol.token;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_REDIRECT;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.OIDC_SPA;
import static dev.latchkey.support.TestWorld.OIDC_SPA_REDIRECT;
import static dev.latchkey.support.TestWorld.OTHER_BACKEND;
import static dev.latchkey.support.TestWorld.OTHER_BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.ops.Housekeeping;
import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.AuthorizationResponse;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.SharedServers;

/**
 * A refresh retried with the same refresh token (the response was lost, or the client sent it twice) within
 * {@code latchkey.tokens.refresh-token-retry-window} gets the same tokens again, and the family lives; from
 * another client, with another scope or after the window, the old token is what RFC 9700 §4.14.2 calls it, a
 * replay. The answer kept for retries is stored only sealed, and only for the window.
 */
@ParameterizedClass
@EnumSource(Database.class)
class RefreshRetryWindowTests {

    private static final String RETRY_WINDOW = "latchkey.tokens.refresh-token-retry-window";

    @Parameter
    Database database;

    /** The default window (10 s). */
    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void retryWithinTheWindowGetsTheSameTokensAndTheFamilyLives() {
        OAuthClient app = server().signedInClient(ALICE, ALICE_PASSWORD);
        Response issued = app.codeFlowTokens(OIDC_SPA, OIDC_SPA_REDIRECT, "openid read");
        String old = issued.jsonString("refresh_token");
        Response first = refresh(app, OIDC_SPA, old, null);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);

        Response retry = refresh(app, OIDC_SPA, old, null);

        assertThat(retry.status()).as(retry.toString()).isEqualTo(200);
        assertThat(retry.header("Cache-Control")).contains("no-store");
        assertThat(retry.json()).as("the same answer, ID token included").isEqualTo(first.json())
            .containsKeys("access_token", "refresh_token", "id_token", "expires_in", "scope");
        assertThat(familyRevoked(server(), old)).isFalse();
        assertThat(app.getWithBearer("/api/test/", retry.jsonString("access_token")).status()).isEqualTo(200);
        assertThat(app.getWithBearer("/api/test/", issued.jsonString("access_token")).status())
            .as("a refresh retires the previous access token").isEqualTo(401);
        String sealed = sealedAnswer(server(), old);
        assertThat(sealed).as("kept for retries, sealed").matches("[0-9a-f]+");
        for (String value : List.of(first.jsonString("access_token"), first.jsonString("refresh_token"),
                first.jsonString("id_token"), PkcePair.sha256Hex(first.jsonString("refresh_token")))) {
            assertThat(sealed).doesNotContain(value);
        }
        assertThat(refresh(app, OIDC_SPA, retry.jsonString("refresh_token"), null).status())
            .as("the successor works").isEqualTo(200);
    }

    @Test
    void retryFromAnotherClientIsRefusedAsAReplayAndRevokesTheFamily() {
        OAuthClient backend = server().signedInClient(ALICE, ALICE_PASSWORD);
        PkcePair pkce = PkcePair.generate();
        AuthorizationResponse code = backend.authorizeCode(BACKEND, BACKEND_REDIRECT, "read", pkce);
        String old = backend.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET, Map.of("grant_type",
                "authorization_code", "code", code.code(), "redirect_uri", BACKEND_REDIRECT, "code_verifier",
                pkce.verifier())).jsonString("refresh_token");
        Response first = backend.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET,
                Map.of("grant_type", "refresh_token", "refresh_token", old));
        assertThat(first.status()).isEqualTo(200);

        Response other = backend.postWithBasic("/o/token/", OTHER_BACKEND, OTHER_BACKEND_SECRET,
                Map.of("grant_type", "refresh_token", "refresh_token", old));

        assertThat(other.status()).isEqualTo(400);
        assertThat(other.json()).containsEntry("error", "invalid_grant").doesNotContainKeys("access_token",
                "refresh_token");
        assertThat(other.jsonString("error_description")).contains("already been used", "revoked");
        assertThat(familyRevoked(server(), old)).isTrue();
        assertThat(backend.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET,
                Map.of("grant_type", "refresh_token", "refresh_token", first.jsonString("refresh_token"))).status())
            .isEqualTo(400);
    }

    @Test
    void retryWithAnotherScopeIsRefusedAndChangesNothing() {
        OAuthClient spa = server().signedInClient(ALICE, ALICE_PASSWORD);
        String old = spa.codeFlowTokens(SPA, SPA_REDIRECT, "read write").jsonString("refresh_token");
        Response first = refresh(spa, SPA, old, "read");
        assertThat(first.status()).isEqualTo(200);

        Response broader = refresh(spa, SPA, old, "read write");

        assertThat(broader.status()).isEqualTo(400);
        assertThat(broader.json()).containsEntry("error", "invalid_scope").doesNotContainKey("access_token");
        assertThat(broader.jsonString("error_description")).contains("scope", "same scope", "(read)");
        assertThat(familyRevoked(server(), old)).isFalse();
        assertThat(refresh(spa, SPA, old, "read").json()).isEqualTo(first.json());
        assertThat(refresh(spa, SPA, old, null).json()).as("a retry that names no scope").isEqualTo(first.json());
        assertThat(refresh(spa, SPA, first.jsonString("refresh_token"), null).status()).isEqualTo(200);
    }

    @Test
    void retryAfterTheWindowIsAReplayThatRevokesTheFamilyAndHousekeepingErasesTheAnswer() throws InterruptedException {
        LatchkeyServer server = SharedServers.of(database, Map.of(RETRY_WINDOW, "1s"));
        OAuthClient spa = server.signedInClient(ALICE, ALICE_PASSWORD);
        String old = spa.codeFlowTokens(SPA, SPA_REDIRECT, "read write").jsonString("refresh_token");
        Response first = refresh(spa, SPA, old, null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(sealedAnswer(server, old)).as("kept for the window").isNotNull();
        waitUntilPast(retryUntil(server, old));

        Response late = refresh(spa, SPA, old, null);

        assertThat(late.status()).isEqualTo(400);
        assertThat(late.json()).containsEntry("error", "invalid_grant").doesNotContainKey("access_token");
        assertThat(late.jsonString("error_description")).contains("already been used", "revoked");
        assertThat(familyRevoked(server, old)).isTrue();
        Response successor = refresh(spa, SPA, first.jsonString("refresh_token"), null);
        assertThat(successor.status()).isEqualTo(400);
        assertThat(successor.jsonString("error_description")).contains("has been revoked");
        assertThat(spa.getWithBearer("/api/test/", first.jsonString("access_token")).status()).isEqualTo(401);

        server.bean(Housekeeping.class).run();
        assertThat(sealedAnswer(server, old)).as("erased once the window has passed").isNull();
    }

    @Test
    void retryWhenTheWindowIsOffIsAReplayAndNothingIsKept() {
        LatchkeyServer server = SharedServers.of(database, Map.of(RETRY_WINDOW, "0s"));
        OAuthClient spa = server.signedInClient(ALICE, ALICE_PASSWORD);
        String old = spa.codeFlowTokens(SPA, SPA_REDIRECT, "read write").jsonString("refresh_token");
        Response first = refresh(spa, SPA, old, null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(sealedAnswer(server, old)).isNull();

        Response retry = refresh(spa, SPA, old, null);

        assertThat(retry.status()).isEqualTo(400);
        assertThat(retry.jsonString("error_description")).contains("already been used", "revoked");
        assertThat(familyRevoked(server, old)).isTrue();
        assertThat(refresh(spa, SPA, first.jsonString("refresh_token"), null).status()).isEqualTo(400);
    }

    private static Response refresh(OAuthClient client, String clientId, String refreshToken, String scope) {
        Map<String, String> parameters = new HashMap<>(Map.of("grant_type", "refresh_token", "client_id", clientId,
                "refresh_token", refreshToken));
        if (scope != null) {
            parameters.put("scope", scope);
        }
        return client.token(parameters);
    }

    private static void waitUntilPast(Instant instant) throws InterruptedException {
        Duration left = Duration.between(Instant.now(), instant);
        if (!left.isNegative()) {
            Thread.sleep(left.toMillis() + 100);
        }
    }

    private static boolean familyRevoked(LatchkeyServer server, String rotatedRefreshToken) {
        return server.jdbc()
            .sql("SELECT COUNT(*) FROM oauth_authorization WHERE revoked_at IS NOT NULL AND id = (SELECT "
                    + "authorization_id FROM oauth_rotated_refresh_token WHERE token_hash = ?)")
            .param(PkcePair.sha256Hex(rotatedRefreshToken))
            .query(Long.class)
            .single() == 1;
    }

    /** The answer kept for retries of the refresh that rotated this token away, or {@code null}. */
    private static String sealedAnswer(LatchkeyServer server, String rotatedRefreshToken) {
        List<String> answers = server.jdbc()
            .sql("SELECT retry_answer FROM oauth_rotated_refresh_token WHERE token_hash = ?")
            .param(PkcePair.sha256Hex(rotatedRefreshToken))
            .query((rs, row) -> rs.getString(1))
            .list();
        assertThat(answers).as("the token was rotated once").hasSize(1);
        return answers.get(0);
    }

    private static Instant retryUntil(LatchkeyServer server, String rotatedRefreshToken) {
        return server.jdbc()
            .sql("SELECT retry_until FROM oauth_rotated_refresh_token WHERE token_hash = ?")
            .param(PkcePair.sha256Hex(rotatedRefreshToken))
            .query((rs, row) -> rs.getObject(1, OffsetDateTime.class).toInstant())
            .single();
    }
}
