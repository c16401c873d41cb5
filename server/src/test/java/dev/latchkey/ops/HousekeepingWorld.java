package dev.latchkey.ops;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.latchkey.admin.AdminWorld;
import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.SharedServers;

/**
 * The housekeeping tests' fixture: one server per database that only they use (they age every timestamp and purge
 * everything expired), with lifetimes short enough that an hour of simulated load turns over every table: refresh
 * tokens live 20 minutes, sessions 15, expired grants are kept one minute. Its schedule (one hour) never runs
 * during a test: the tests run housekeeping themselves.
 */
final class HousekeepingWorld {

    static final Duration KEEP_EXPIRED = Duration.ofMinutes(1);

    static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofMinutes(20);

    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(5);

    static final Duration SESSION_LIFETIME = Duration.ofMinutes(15);

    /** The guards' default window: failed attempts older than this are forgotten. */
    static final Duration GUARD_WINDOW = Duration.ofMinutes(15);

    private HousekeepingWorld() {
    }

    static LatchkeyServer server(Database database) {
        Map<String, String> properties = new LinkedHashMap<>(AdminWorld.provisioning());
        properties.put("latchkey.housekeeping.interval", "1h");
        properties.put("latchkey.housekeeping.keep-expired", "1m");
        properties.put("latchkey.tokens.refresh-token-time-to-live", "20m");
        properties.put("latchkey.tokens.access-token-time-to-live", "5m");
        properties.put("spring.session.timeout", "15m");
        return SharedServers.of(database, properties);
    }

    static OffsetDateTime ago(Duration duration) {
        return OffsetDateTime.now(ZoneOffset.UTC).minus(duration);
    }

    static String clientCredentialsToken(OAuthClient client) {
        Response issued = client.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET, Map.of("grant_type", "client_credentials"));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
        return issued.jsonString("access_token");
    }

    /** Alice signs in on {@code browser} and the SPA gets tokens. */
    static Response spaTokens(OAuthClient browser) {
        assertThat(browser.login(ALICE, ALICE_PASSWORD).status()).isEqualTo(302);
        return browser.codeFlowTokens(SPA, SPA_REDIRECT, "read write");
    }

    static Response refresh(OAuthClient client, String refreshToken) {
        return client.token(Map.of("grant_type", "refresh_token", "client_id", SPA, "refresh_token", refreshToken));
    }

    static String grantOfAccessToken(LatchkeyServer server, String accessToken) {
        return server.jdbc()
            .sql("SELECT id FROM oauth_authorization WHERE access_token_hash = ?")
            .param(PkcePair.sha256Hex(accessToken))
            .query(String.class)
            .single();
    }

    /**
     * Every code and token of the grant, and the rotated refresh tokens it remembers, expired {@code ago} (issued an
     * hour before that).
     */
    static void expire(LatchkeyServer server, String grantId, Duration ago) {
        OffsetDateTime then = ago(ago);
        OffsetDateTime issued = then.minusHours(1);
        StringBuilder columns = new StringBuilder("expires_at = ?, created_at = ?");
        List<Object> values = new ArrayList<>(List.of(then, issued));
        for (String token : List.of("code", "access_token", "refresh_token", "id_token")) {
            columns.append(", ").append(token).append("_issued_at = CASE WHEN ").append(token)
                .append("_hash IS NULL THEN NULL ELSE ? END, ").append(token).append("_expires_at = CASE WHEN ")
                .append(token).append("_hash IS NULL THEN NULL ELSE ? END");
            values.addAll(List.of(issued, then));
        }
        values.add(grantId);
        server.jdbc().sql("UPDATE oauth_authorization SET " + columns + " WHERE id = ?").params(values).update();
        server.jdbc()
            .sql("UPDATE oauth_rotated_refresh_token SET rotated_at = ?, expires_at = ? WHERE authorization_id = ?")
            .params(issued, then, grantId)
            .update();
    }

    static long count(LatchkeyServer server, String sql, Object... parameters) {
        return server.jdbc().sql(sql).params(parameters).query(Long.class).single();
    }

    static long rows(LatchkeyServer server, String table) {
        return count(server, "SELECT COUNT(*) FROM " + table);
    }
}
