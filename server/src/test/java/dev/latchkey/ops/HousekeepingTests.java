package dev.latchkey.ops;

import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.PkcePair;

/**
 * Expired grants are deleted after a while; live ones stay; failed attempts are forgotten after the guards' window;
 * only the node holding the lease cleans up.
 */
@ParameterizedClass
@EnumSource(Database.class)
class HousekeepingTests {

    @Parameter
    Database database;

    @Test
    void deletesGrantsExpiredLongerThanTheKeepPeriodAndKeepsLiveOnes() {
        try (LatchkeyServer server = LatchkeyServer.start(database, Map.of("latchkey.housekeeping.interval", "1h",
                "latchkey.housekeeping.keep-expired", "1m"))) {
            OAuthClient client = server.client();
            String expired = token(client);
            String live = token(client);
            server.jdbc()
                .sql("UPDATE oauth_authorization SET expires_at = ? WHERE access_token_hash = ?")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(2), PkcePair.sha256Hex(expired))
                .update();

            client.login("a-name-that-failed-long-ago", "wrong");
            server.jdbc()
                .sql("UPDATE failed_attempt SET first_failure_at = ?, last_failure_at = ?")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(20), OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(20))
                .update();
            client.login("a-name-that-failed-just-now", "wrong");

            server.bean(Housekeeping.class).run();

            assertThat(count(server, expired)).isZero();
            assertThat(count(server, live)).isEqualTo(1);
            assertThat(client.getWithBearer("/api/test/", live).status()).isEqualTo(200);
            assertThat(server.jdbc().sql("SELECT COUNT(*) FROM failed_attempt").query(Long.class).single())
                .as("failed sign-ins past the guards' window are forgotten, recent ones kept")
                .isEqualTo(2);
        }
    }

    @Test
    void anotherNodeHoldingTheLeaseMeansThisOneDoesNothing() {
        try (LatchkeyServer server = LatchkeyServer.start(database, Map.of("latchkey.housekeeping.interval", "1h",
                "latchkey.housekeeping.keep-expired", "1m"))) {
            String expired = token(server.client());
            server.jdbc()
                .sql("UPDATE oauth_authorization SET expires_at = ? WHERE access_token_hash = ?")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(2), PkcePair.sha256Hex(expired))
                .update();
            server.jdbc()
                .sql("UPDATE housekeeping_lease SET holder = 'another-node', leased_until = ? WHERE name = 'cleanup'")
                .param(OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(10))
                .update();

            server.bean(Housekeeping.class).run();

            assertThat(count(server, expired)).isEqualTo(1);
        }
    }

    private static String token(OAuthClient client) {
        return client.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET, Map.of("grant_type", "client_credentials"))
            .jsonString("access_token");
    }

    private static long count(LatchkeyServer server, String accessToken) {
        return server.jdbc()
            .sql("SELECT COUNT(*) FROM oauth_authorization WHERE access_token_hash = ?")
            .param(PkcePair.sha256Hex(accessToken))
            .query(Long.class)
            .single();
    }
}
