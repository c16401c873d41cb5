package dev.latchkey.ops;

import static dev.latchkey.ops.HousekeepingWorld.ACCESS_TOKEN_LIFETIME;
import static dev.latchkey.ops.HousekeepingWorld.GUARD_WINDOW;
import static dev.latchkey.ops.HousekeepingWorld.KEEP_EXPIRED;
import static dev.latchkey.ops.HousekeepingWorld.REFRESH_TOKEN_LIFETIME;
import static dev.latchkey.ops.HousekeepingWorld.SESSION_LIFETIME;
import static dev.latchkey.ops.HousekeepingWorld.clientCredentialsToken;
import static dev.latchkey.ops.HousekeepingWorld.refresh;
import static dev.latchkey.ops.HousekeepingWorld.rows;
import static dev.latchkey.ops.HousekeepingWorld.spaTokens;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;

/**
 * Under steady load the tables stay flat: an hour of simulated traffic, in rounds of five minutes (each round's
 * sign-ins, token requests, refreshes and failed sign-ins, then every stored timestamp moved five minutes into
 * the past and housekeeping run), keeps every table that housekeeping purges under a bound computed from the
 * lifetimes, round after round; without housekeeping they would grow by a round's rows every round.
 */
@ParameterizedClass
@EnumSource(Database.class)
class BoundedTablesTests {

    private static final Duration ROUND = Duration.ofMinutes(5);

    private static final int ROUNDS = 13;

    private static final int MACHINE_TOKENS_PER_ROUND = 3;

    private static final int SIGN_INS_PER_ROUND = 2;

    private static final int REFRESHES_PER_FAMILY = 2;

    private static final int FAILED_SIGN_INS_PER_ROUND = 2;

    /** Where each stored time is kept: timestamps, and Spring Session's milliseconds. */
    private static final Map<String, List<String>> TIMESTAMPS = Map.of(
            "oauth_authorization", List.of("code_issued_at", "code_expires_at", "code_consumed_at",
                    "access_token_issued_at", "access_token_expires_at", "refresh_token_issued_at",
                    "refresh_token_expires_at", "id_token_issued_at", "id_token_expires_at", "auth_time", "revoked_at",
                    "created_at", "expires_at"),
            "oauth_rotated_refresh_token", List.of("rotated_at", "expires_at", "retry_until"),
            "failed_attempt", List.of("first_failure_at", "last_failure_at", "blocked_until"),
            "dpop_proof", List.of("expires_at"), "audit_event", List.of("occurred_at"),
            "authorization_consent", List.of("granted_at"));

    @Parameter
    Database database;

    private LatchkeyServer server() {
        return HousekeepingWorld.server(database);
    }

    @Test
    void anHourOfSteadyLoadKeepsEveryPurgedTableUnderABoundComputedFromTheLifetimes() {
        Map<String, Long> bounds = new LinkedHashMap<>();
        // A row lives for its lifetime, plus the keep period where a replay must be recognised, plus up to a round
        // until housekeeping sees it: so many rounds' rows at most.
        long familyRounds = rounds(REFRESH_TOKEN_LIFETIME.plus(KEEP_EXPIRED)) + 1;
        bounds.put("oauth_authorization", MACHINE_TOKENS_PER_ROUND * (rounds(ACCESS_TOKEN_LIFETIME) + 1)
                + SIGN_INS_PER_ROUND * familyRounds);
        bounds.put("oauth_rotated_refresh_token", SIGN_INS_PER_ROUND * REFRESHES_PER_FAMILY * familyRounds);
        bounds.put("spring_session", SIGN_INS_PER_ROUND * (rounds(SESSION_LIFETIME) + 1) + SIGN_INS_PER_ROUND);
        // Each failed sign-in counts against its name and against the address it came from.
        bounds.put("failed_attempt", (FAILED_SIGN_INS_PER_ROUND + 1) * (rounds(GUARD_WINDOW) + 1));
        Housekeeping housekeeping = server().bean(Housekeeping.class);
        List<Map<String, Long>> sizes = new ArrayList<>();
        int purgedGrants = 0;

        for (int round = 0; round < ROUNDS; round++) {
            load(round);
            age();
            PurgeResult result = housekeeping.purge();
            assertThat(result.ran()).isTrue();
            purgedGrants += result.purged().get("oauth_authorization");
            Map<String, Long> size = new LinkedHashMap<>();
            bounds.keySet().forEach(table -> size.put(table, rows(server(), table)));
            sizes.add(size);
        }

        // Once the rows of the first rounds have lived out their lifetimes (which also ages out what earlier tests
        // left), every round stays under the bound, and the last round is no larger than the one a lifetime before.
        int settled = (int) familyRounds;
        for (int round = settled; round < ROUNDS; round++) {
            Map<String, Long> size = sizes.get(round);
            bounds.forEach((table, bound) -> assertThat(size.get(table)).as("%s after round %s of %s: %s", table,
                    sizes.indexOf(size) + 1, ROUNDS, sizes).isLessThanOrEqualTo(bound));
        }
        bounds.keySet().forEach(table -> assertThat(sizes.get(ROUNDS - 1).get(table)).as(table + ": " + sizes)
            .isLessThanOrEqualTo(sizes.get(ROUNDS - 1 - (int) familyRounds + 1).get(table)));
        assertThat(purgedGrants).as("steady state: what one round adds, a later round purges")
            .isGreaterThanOrEqualTo(MACHINE_TOKENS_PER_ROUND * (ROUNDS - 2));
    }

    /** One round's traffic: machine tokens, sign-ins each with a refreshed family, failed sign-ins. */
    private void load(int round) {
        OAuthClient machine = server().client();
        for (int i = 0; i < MACHINE_TOKENS_PER_ROUND; i++) {
            assertThat(machine.getWithBearer("/api/test/", clientCredentialsToken(machine)).status()).isEqualTo(200);
        }
        for (int i = 0; i < SIGN_INS_PER_ROUND; i++) {
            OAuthClient browser = server().client();
            String refreshToken = spaTokens(browser).jsonString("refresh_token");
            for (int r = 0; r < REFRESHES_PER_FAMILY; r++) {
                Response refreshed = refresh(browser, refreshToken);
                assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
                refreshToken = refreshed.jsonString("refresh_token");
            }
        }
        for (int i = 0; i < FAILED_SIGN_INS_PER_ROUND; i++) {
            machine.login("no-such-user-" + round + "-" + i + "-" + System.nanoTime(), "wrong");
        }
    }

    /** Five minutes pass: every stored time moves five minutes into the past. */
    private void age() {
        TIMESTAMPS.forEach((table, columns) -> server().jdbc()
            .sql("UPDATE " + table + " SET " + String.join(", ", columns.stream()
                .map(column -> column + " = " + column + " - INTERVAL '5' MINUTE")
                .toList()))
            .update());
        long millis = ROUND.toMillis();
        server().jdbc()
            .sql("UPDATE spring_session SET creation_time = creation_time - ?, last_access_time = last_access_time - ?, "
                    + "expiry_time = expiry_time - ?")
            .params(millis, millis, millis)
            .update();
    }

    /** How many rounds {@code lifetime} spans, rounded up. */
    private static long rounds(Duration lifetime) {
        return (lifetime.toMillis() + ROUND.toMillis() - 1) / ROUND.toMillis();
    }
}
