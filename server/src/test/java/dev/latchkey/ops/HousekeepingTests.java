package dev.latchkey.ops;

import static dev.latchkey.ops.HousekeepingWorld.ago;
import static dev.latchkey.ops.HousekeepingWorld.clientCredentialsToken;
import static dev.latchkey.ops.HousekeepingWorld.count;
import static dev.latchkey.ops.HousekeepingWorld.expire;
import static dev.latchkey.ops.HousekeepingWorld.grantOfAccessToken;
import static dev.latchkey.ops.HousekeepingWorld.refresh;
import static dev.latchkey.ops.HousekeepingWorld.spaTokens;
import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BOB;
import static dev.latchkey.support.TestWorld.BOB_PASSWORD;
import static dev.latchkey.support.TestWorld.PAR_SPA;
import static dev.latchkey.support.TestWorld.PAR_SPA_REDIRECT;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;

/**
 * Housekeeping deletes exactly the rows that can serve nothing any more, table by table, and never a live one;
 * runs take turns under the lease, also on two nodes at once.
 */
@ParameterizedClass
@EnumSource(Database.class)
class HousekeepingTests {

    @Parameter
    Database database;

    private LatchkeyServer server() {
        return HousekeepingWorld.server(database);
    }

    @Test
    void purgeDeletesExactlyTheExpiredRowsOfEveryTableAndNeverALiveOne() {
        Housekeeping housekeeping = server().bean(Housekeeping.class);
        housekeeping.purge();
        OAuthClient client = server().client();
        // Grants: client_credentials tokens go as soon as they expired (nothing of them can be replayed) ...
        String expiredMachineToken = clientCredentialsToken(client);
        expire(server(), grantOfAccessToken(server(), expiredMachineToken), Duration.ofSeconds(10));
        String liveMachineToken = clientCredentialsToken(client);
        // ... a grant with a code and a refresh token stays for latchkey.housekeeping.keep-expired (one minute), and
        // its rotated refresh tokens with it.
        Family justExpired = family(server().client(), Duration.ofSeconds(30));
        Family longExpired = family(server().client(), Duration.ofMinutes(2));
        Family revokedLongExpired = family(server().client(), Duration.ofMinutes(2));
        server().jdbc().sql("UPDATE oauth_authorization SET revoked_at = ? WHERE id = ?")
            .params(ago(Duration.ofMinutes(3)), revokedLongExpired.grantId)
            .update();
        Family revokedLive = family(server().client(), null);
        server().jdbc().sql("UPDATE oauth_authorization SET revoked_at = ? WHERE id = ?")
            .params(ago(Duration.ZERO), revokedLive.grantId)
            .update();
        OAuthClient liveBrowser = server().client();
        Family live = family(liveBrowser, null);
        // Pushed authorization requests go once they expired.
        String expiredPush = push();
        server().jdbc().sql("UPDATE oauth_authorization SET expires_at = ? WHERE request_uri_hash = ?")
            .params(ago(Duration.ofSeconds(1)), oneTimeHash(expiredPush))
            .update();
        String livePush = push();
        // A rotated refresh token whose grant is gone, past its own expiry.
        String strayRotated = insertRotated(UUID.randomUUID().toString(), ago(Duration.ofMinutes(2)));
        // Consents of a user and an application that no longer exist; Alice's for the SPA stays.
        insertConsent(SPA, "a-deleted-user");
        insertConsent("a-deleted-application", ALICE);
        insertConsent(SPA, ALICE);
        // Sessions: Bob's expired, Alice's (liveBrowser) did not.
        OAuthClient bobBrowser = server().signedInClient(BOB, BOB_PASSWORD);
        server().jdbc().sql("UPDATE spring_session SET expiry_time = ? WHERE principal_name = ?")
            .params(Instant.now().minusSeconds(1).toEpochMilli(), BOB)
            .update();
        long bobsSessions = count(server(), "SELECT COUNT(*) FROM spring_session WHERE principal_name = ?", BOB);
        // Failed sign-ins: one series past the guards' window, one recent.
        client.login("a-name-that-failed-long-ago", "wrong");
        server().jdbc().sql("UPDATE failed_attempt SET first_failure_at = ?, last_failure_at = ?")
            .params(ago(Duration.ofMinutes(20)), ago(Duration.ofMinutes(20)))
            .update();
        client.login("a-name-that-failed-just-now", "wrong");
        long staleSeries = count(server(), "SELECT COUNT(*) FROM failed_attempt WHERE last_failure_at < ?",
                ago(HousekeepingWorld.GUARD_WINDOW));
        long recentSeries = count(server(), "SELECT COUNT(*) FROM failed_attempt") - staleSeries;
        // DPoP proofs and audit events on both sides of their expiry.
        String expiredProof = insertProof(ago(Duration.ofSeconds(1)));
        String liveProof = insertProof(ago(Duration.ofMinutes(-5)));
        long oldEvent = insertEvent(ago(Duration.ofDays(91)));
        long recentEvent = insertEvent(ago(Duration.ofDays(89)));
        long sessionsOfOthers = count(server(), "SELECT COUNT(*) FROM spring_session WHERE principal_name IS NULL "
                + "OR principal_name <> ?", BOB);

        PurgeResult result = housekeeping.purge();

        assertThat(result.ran()).isTrue();
        assertThat(result.purged()).containsEntry("oauth_authorization", 4)
            .containsEntry("oauth_rotated_refresh_token", 3)
            .containsEntry("authorization_consent", 2)
            .containsEntry("spring_session", (int) bobsSessions)
            .containsEntry("failed_attempt", (int) staleSeries)
            .containsEntry("dpop_proof", 1)
            .containsEntry("audit_event", 1);
        assertThat(bobsSessions).isPositive();
        assertThat(grantExists(grantOfAccessToken(server(), liveMachineToken))).isTrue();
        assertThat(count(server(), "SELECT COUNT(*) FROM oauth_authorization WHERE access_token_hash = ?",
                PkcePair.sha256Hex(expiredMachineToken))).isZero();
        for (Family kept : List.of(justExpired, revokedLive, live)) {
            assertThat(grantExists(kept.grantId)).as("kept").isTrue();
            assertThat(rotated(kept.rotatedToken)).as("its rotated refresh token kept").isEqualTo(1);
        }
        for (Family purged : List.of(longExpired, revokedLongExpired)) {
            assertThat(grantExists(purged.grantId)).as("purged").isFalse();
            assertThat(rotated(purged.rotatedToken)).as("its rotated refresh token purged").isZero();
        }
        assertThat(count(server(), "SELECT COUNT(*) FROM oauth_authorization WHERE request_uri_hash = ?",
                oneTimeHash(expiredPush))).isZero();
        assertThat(count(server(), "SELECT COUNT(*) FROM oauth_authorization WHERE request_uri_hash = ?",
                oneTimeHash(livePush))).isEqualTo(1);
        assertThat(count(server(), "SELECT COUNT(*) FROM oauth_rotated_refresh_token WHERE token_hash = ?", strayRotated))
            .isZero();
        assertThat(count(server(), "SELECT COUNT(*) FROM authorization_consent")).isEqualTo(1);
        assertThat(count(server(), "SELECT COUNT(*) FROM spring_session WHERE principal_name = ?", BOB)).isZero();
        assertThat(count(server(), "SELECT COUNT(*) FROM spring_session WHERE principal_name IS NULL "
                + "OR principal_name <> ?", BOB)).isEqualTo(sessionsOfOthers);
        assertThat(staleSeries).isPositive();
        assertThat(recentSeries).as("the name that failed just now, and the address").isEqualTo(2);
        assertThat(count(server(), "SELECT COUNT(*) FROM failed_attempt")).isEqualTo(recentSeries);
        assertThat(count(server(), "SELECT COUNT(*) FROM dpop_proof WHERE proof_hash IN (?, ?)", expiredProof,
                liveProof)).isEqualTo(1);
        assertThat(count(server(), "SELECT COUNT(*) FROM dpop_proof WHERE proof_hash = ?", liveProof)).isEqualTo(1);
        assertThat(count(server(), "SELECT COUNT(*) FROM audit_event WHERE id IN (?, ?)", oldEvent, recentEvent))
            .isEqualTo(1);
        assertThat(count(server(), "SELECT COUNT(*) FROM audit_event WHERE id = ?", recentEvent)).isEqualTo(1);

        // What was kept still works.
        assertThat(client.getWithBearer("/api/test/", liveMachineToken).status()).isEqualTo(200);
        assertThat(client.getWithBearer("/api/test/", live.accessToken).status()).isEqualTo(200);
        assertThat(refresh(liveBrowser, live.refreshToken).status()).isEqualTo(200);
        assertThat(liveBrowser.authorizeCode(SPA, SPA_REDIRECT, "read", PkcePair.generate()).code())
            .as("Alice is still signed in").isNotBlank();
        assertThat(bobBrowser.authorize(Map.of("client_id", SPA, "response_type", "code", "redirect_uri", SPA_REDIRECT,
                "code_challenge", PkcePair.generate().challenge(), "code_challenge_method", "S256")).header("Location"))
            .as("Bob's expired session is gone: he signs in again").isEqualTo(server().url("/login"));
        // The expired grant that was kept is refused for what it is.
        Response late = refresh(server().client(), justExpired.refreshToken);
        assertThat(late.status()).isEqualTo(400);
        assertThat(late.jsonString("error")).isEqualTo("invalid_grant");
    }

    @Test
    void anotherRunHoldingTheLeaseMeansThisOneDoesNothingAndSaysWho() {
        String expired = clientCredentialsToken(server().client());
        expire(server(), grantOfAccessToken(server(), expired), Duration.ofMinutes(2));
        OffsetDateTime until = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(10);
        server().jdbc().sql("UPDATE housekeeping_lease SET holder = 'another-node', leased_until = ? WHERE name = 'cleanup'")
            .param(until)
            .update();
        try {
            PurgeResult result = server().bean(Housekeeping.class).purge();

            assertThat(result.ran()).isFalse();
            assertThat(result.leaseHolder()).isEqualTo("another-node");
            assertThat(result.summary()).contains("another housekeeping run (another-node) holds the lease");
            assertThat(count(server(), "SELECT COUNT(*) FROM oauth_authorization WHERE access_token_hash = ?",
                    PkcePair.sha256Hex(expired))).isEqualTo(1);
        }
        finally {
            releaseLease();
        }
        assertThat(server().bean(Housekeeping.class).purge().ran()).as("runs again once the lease lapsed").isTrue();
    }

    @Test
    void twoNodesPurgingAtOnceTakeTurnsAndEveryExpiredRowIsPurgedByExactlyOneRun() throws Exception {
        server().bean(Housekeeping.class).purge();
        int expired = 6_000;
        List<Object[]> rows = new ArrayList<>();
        OffsetDateTime then = ago(Duration.ofMinutes(2));
        for (int i = 0; i < expired; i++) {
            rows.add(new Object[] { UUID.randomUUID().toString(), then });
        }
        server().bean(JdbcTemplate.class).batchUpdate("INSERT INTO oauth_authorization (id, client_id, principal_name, "
                + "grant_type, requested_scopes, authorized_scopes, created_at, expires_at) VALUES (?, '" + BACKEND
                + "', '" + BACKEND + "', 'client_credentials', 'read', 'read', ?, ?)",
                rows.stream().map(row -> new Object[] { row[0], row[1], row[1] }).toList());
        String live = clientCredentialsToken(server().client());

        try (LatchkeyServer other = server().startAnotherNode()) {
            List<Housekeeping> nodes = List.of(server().bean(Housekeeping.class), other.bean(Housekeeping.class));
            List<PurgeResult> results = race(nodes, 10);

            List<PurgeResult> ran = results.stream().filter(PurgeResult::ran).toList();
            assertThat(ran).isNotEmpty();
            assertThat(ran.stream().mapToInt(result -> result.purged().get("oauth_authorization")).sum())
                .as("every expired row purged once").isEqualTo(expired);
            assertThat(ran).as("by one run: runs never overlap, else they would share the batches")
                .filteredOn(result -> result.purged().get("oauth_authorization") > 0)
                .hasSize(1);
            assertThat(results).filteredOn(result -> !result.ran())
                .allSatisfy(busy -> assertThat(busy.leaseHolder()).isNotBlank());
            assertThat(count(server(), "SELECT COUNT(*) FROM oauth_authorization WHERE expires_at < ?",
                    ago(Duration.ofMinutes(1)))).isZero();
            assertThat(other.client().getWithBearer("/api/test/", live).status()).isEqualTo(200);
        }
    }

    /** Calls purge {@code times} times on each node, all released at once. */
    private static List<PurgeResult> race(List<Housekeeping> nodes, int times) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size() * times);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<PurgeResult>> futures = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                for (Housekeeping node : nodes) {
                    Callable<PurgeResult> call = () -> {
                        start.await();
                        return node.purge();
                    };
                    futures.add(pool.submit(call));
                }
            }
            start.countDown();
            List<PurgeResult> results = new ArrayList<>();
            for (Future<PurgeResult> future : futures) {
                results.add(future.get());
            }
            return results;
        }
        finally {
            pool.shutdownNow();
        }
    }

    /** A family of the SPA refreshed once (so it has a rotated token), expired {@code ago} ({@code null}: live). */
    private Family family(OAuthClient browser, Duration ago) {
        Response issued = spaTokens(browser);
        Response refreshed = refresh(browser, issued.jsonString("refresh_token"));
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        String grantId = grantOfAccessToken(server(), refreshed.jsonString("access_token"));
        if (ago != null) {
            expire(server(), grantId, ago);
        }
        return new Family(grantId, refreshed.jsonString("access_token"), refreshed.jsonString("refresh_token"),
                issued.jsonString("refresh_token"));
    }

    private record Family(String grantId, String accessToken, String refreshToken, String rotatedToken) {
    }

    private boolean grantExists(String id) {
        return count(server(), "SELECT COUNT(*) FROM oauth_authorization WHERE id = ?", id) == 1;
    }

    private long rotated(String refreshToken) {
        return count(server(), "SELECT COUNT(*) FROM oauth_rotated_refresh_token WHERE token_hash = ?",
                PkcePair.sha256Hex(refreshToken));
    }

    private String push() {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("client_id", PAR_SPA);
        request.put("response_type", "code");
        request.put("redirect_uri", PAR_SPA_REDIRECT);
        request.put("scope", "openid read");
        request.put("state", "pushed-" + System.nanoTime());
        request.put("code_challenge", PkcePair.generate().challenge());
        request.put("code_challenge_method", "S256");
        Response pushed = server().client().postForm("/o/par/", request, null);
        assertThat(pushed.status()).as(pushed.toString()).isEqualTo(201);
        return pushed.jsonString("request_uri");
    }

    private static String oneTimeHash(String requestUri) {
        return PkcePair.sha256Hex(requestUri.substring(requestUri.lastIndexOf(':') + 1));
    }

    private String insertRotated(String grantId, OffsetDateTime expiresAt) {
        String hash = PkcePair.sha256Hex(UUID.randomUUID().toString());
        server().jdbc().sql("INSERT INTO oauth_rotated_refresh_token (token_hash, authorization_id, rotated_at, expires_at) "
                + "VALUES (?, ?, ?, ?)").params(hash, grantId, expiresAt, expiresAt).update();
        return hash;
    }

    private void insertConsent(String clientId, String principalName) {
        server().jdbc().sql("DELETE FROM authorization_consent WHERE client_id = ? AND principal_name = ?")
            .params(clientId, principalName)
            .update();
        server().jdbc().sql("INSERT INTO authorization_consent (client_id, principal_name, scopes, granted_at) "
                + "VALUES (?, ?, 'read', ?)").params(clientId, principalName, ago(Duration.ZERO)).update();
    }

    private String insertProof(OffsetDateTime expiresAt) {
        String hash = PkcePair.sha256Hex(UUID.randomUUID().toString());
        server().jdbc().sql("INSERT INTO dpop_proof (proof_hash, expires_at) VALUES (?, ?)").params(hash, expiresAt).update();
        return hash;
    }

    private long insertEvent(OffsetDateTime occurredAt) {
        String action = "test." + UUID.randomUUID();
        server().jdbc().sql("INSERT INTO audit_event (occurred_at, category, actor, action) VALUES (?, 'change', 'test', ?)")
            .params(occurredAt, action)
            .update();
        return count(server(), "SELECT id FROM audit_event WHERE action = ?", action);
    }

    private void releaseLease() {
        server().jdbc().sql("UPDATE housekeeping_lease SET leased_until = ? WHERE name = 'cleanup'")
            .param(ago(Duration.ofSeconds(1)))
            .update();
    }
}
