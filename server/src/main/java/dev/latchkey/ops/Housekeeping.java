package dev.latchkey.ops;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.latchkey.config.LatchkeyProperties;

/**
 * Deletes grants whose every code and token has expired, and the rotated refresh tokens that belonged to
 * them, so the tables do not grow without bound (every client_credentials token is a row). Nodes share
 * one database: a lease row decides which node cleans up, by a conditional UPDATE whose row count decides.
 * A grant stays a while after it expires, so that a replayed code or refresh token is still recognised.
 */
@Component
public class Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private static final int BATCH = 1_000;

    private final JdbcClient jdbc;

    private final LatchkeyProperties properties;

    private final String node = UUID.randomUUID().toString();

    public Housekeeping(JdbcClient jdbc, LatchkeyProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Scheduled(initialDelayString = "${latchkey.housekeeping.interval:5m}", fixedDelayString = "${latchkey.housekeeping.interval:5m}")
    public void run() {
        if (!acquireLease()) {
            return;
        }
        OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minus(properties.getHousekeeping().getKeepExpired());
        int grants = deleteInBatches("DELETE FROM oauth_authorization WHERE id IN (SELECT id FROM oauth_authorization "
                + "WHERE expires_at < ? FETCH FIRST " + BATCH + " ROWS ONLY)", cutoff);
        int rotated = deleteInBatches("DELETE FROM oauth_rotated_refresh_token WHERE token_hash IN (SELECT token_hash FROM "
                + "oauth_rotated_refresh_token WHERE expires_at < ? FETCH FIRST " + BATCH + " ROWS ONLY)", cutoff);
        if (grants + rotated > 0) {
            log.info("Housekeeping deleted {} expired grant(s) and {} rotated refresh token(s)", grants, rotated);
        }
    }

    private boolean acquireLease() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Duration lease = properties.getHousekeeping().getInterval().dividedBy(2);
        return jdbc.sql("UPDATE housekeeping_lease SET holder = ?, leased_until = ? WHERE name = 'cleanup' "
                + "AND (leased_until < ? OR holder = ?)")
            .params(node, now.plus(lease), now, node)
            .update() == 1;
    }

    private int deleteInBatches(String sql, OffsetDateTime cutoff) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql(sql).param(cutoff).update();
            total += deleted;
        }
        while (deleted == BATCH);
        return total;
    }
}
