package dev.latchkey.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.latchkey.admin.AuditLog;
import dev.latchkey.authorization.GrantStore;
import dev.latchkey.authorization.RotatedRefreshTokens;
import dev.latchkey.guard.BruteForceGuard;
import dev.latchkey.protocol.dpop.SeenProofs;
import dev.latchkey.settings.AuditSettings;
import dev.latchkey.settings.HousekeepingSettings;

/**
 * Deletes grants whose every code and token has expired, and the rotated refresh tokens that belonged to
 * them, so the tables do not grow without bound (every client_credentials token is a row); erases the answers
 * kept for retried refreshes once their window has passed. Nodes share one database: a lease row decides which
 * node cleans up, by a conditional UPDATE whose row count decides.
 * A grant stays a while after it expires, so that a replayed code or refresh token is still recognised. The
 * DPoP proofs remembered against replay go as soon as their {@code iat} could no longer be accepted anyway. Series
 * of failed attempts are forgotten once their window has passed and they hold nothing back.
 */
@Component
public class Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private static final int BATCH = 1_000;

    private final JdbcClient jdbc;

    private final GrantStore grants;

    private final RotatedRefreshTokens rotatedRefreshTokens;

    private final BruteForceGuard guard;

    private final SeenProofs proofs;

    private final HousekeepingSettings settings;

    private final AuditLog audit;

    private final AuditSettings auditSettings;

    private final OAuthMetrics metrics;

    private final String node = UUID.randomUUID().toString();

    public Housekeeping(JdbcClient jdbc, GrantStore grants, RotatedRefreshTokens rotatedRefreshTokens,
            BruteForceGuard guard, SeenProofs proofs, HousekeepingSettings settings, AuditLog audit,
            AuditSettings auditSettings, OAuthMetrics metrics) {
        this.jdbc = jdbc;
        this.grants = grants;
        this.rotatedRefreshTokens = rotatedRefreshTokens;
        this.guard = guard;
        this.proofs = proofs;
        this.settings = settings;
        this.audit = audit;
        this.auditSettings = auditSettings;
        this.metrics = metrics;
    }

    @Scheduled(initialDelayString = "${latchkey.housekeeping.interval:5m}", fixedDelayString = "${latchkey.housekeeping.interval:5m}")
    public void run() {
        if (!acquireLease()) {
            return;
        }
        Instant now = Instant.now();
        GrantStore.Purged purged = grants.purgeExpired(now.minus(settings.keepExpired()), BATCH);
        int answers = rotatedRefreshTokens.forgetLapsedRetryAnswers(now, BATCH);
        int seenProofs = proofs.purgeExpired(now, BATCH);
        metrics.purged("oauth_authorization", purged.grants());
        metrics.purged("oauth_rotated_refresh_token", purged.rotatedRefreshTokens());
        metrics.purged("dpop_proof", seenProofs);
        if (purged.grants() + purged.rotatedRefreshTokens() + answers + seenProofs > 0) {
            log.info("Housekeeping deleted {} expired grant(s), {} rotated refresh token(s) and {} DPoP proof(s), and "
                    + "erased {} answer(s) kept for retried refreshes", purged.grants(), purged.rotatedRefreshTokens(),
                    seenProofs, answers);
        }
        int forgotten = guard.purge();
        metrics.purged("failed_attempt", forgotten);
        if (forgotten > 0) {
            log.info("Housekeeping forgot {} series of failed attempts that no longer hold anything back", forgotten);
        }
        int auditEvents = audit.purgeOlderThan(now.minus(auditSettings.retention()), BATCH);
        metrics.purged("audit_event", auditEvents);
        if (auditEvents > 0) {
            log.info("Housekeeping deleted {} audit event(s) older than latchkey.audit.retention", auditEvents);
        }
    }

    private boolean acquireLease() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Duration lease = settings.interval().dividedBy(2);
        return jdbc.sql("UPDATE housekeeping_lease SET holder = ?, leased_until = ? WHERE name = 'cleanup' "
                + "AND (leased_until < ? OR holder = ?)")
            .params(node, now.plus(lease), now, node)
            .update() == 1;
    }
}
