package dev.latchkey.ops;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.latchkey.admin.AuditLog;
import dev.latchkey.authorization.ExpiredGrants;
import dev.latchkey.authorization.RotatedRefreshTokens;
import dev.latchkey.consent.OrphanedConsents;
import dev.latchkey.guard.FailureCounters;
import dev.latchkey.protocol.dpop.SeenProofs;
import dev.latchkey.settings.AuditSettings;
import dev.latchkey.settings.GuardSettings;
import dev.latchkey.settings.HousekeepingSettings;

/**
 * Keeps the tables as small as the live data needs, so that they do not grow without bound (every token request
 * and every refresh adds a row): at every {@code latchkey.housekeeping.interval}, and on demand from the console
 * and the management API, a {@link Purge} deletes expired grants (a while after their expiry when a late replay of
 * their code or refresh token must still be recognised), rotated refresh tokens, consents left behind by deleted
 * users and applications, expired sign-in sessions, series of failed attempts whose window passed, DPoP proofs
 * whose {@code iat} could no longer be accepted and audit events past their retention. Each node schedules it;
 * the lease makes runs take turns, and a run that finds nothing costs a few indexed queries. Every deleted row
 * counts in {@code latchkey_housekeeping_purged_total{table}}.
 */
@Component
public class Housekeeping {

    private final Purge purge;

    private final AuditLog audit;

    private final OAuthMetrics metrics;

    public Housekeeping(JdbcClient jdbc, ExpiredGrants grants, RotatedRefreshTokens rotatedRefreshTokens,
            OrphanedConsents consents, ExpiredSessions sessions, FailureCounters failedAttempts, SeenProofs proofs,
            AuditLog audit, HousekeepingSettings settings, GuardSettings guards, AuditSettings auditSettings,
            OAuthMetrics metrics) {
        this.purge = new Purge(jdbc, new Purge.Stores(grants, rotatedRefreshTokens, consents, sessions, failedAttempts,
                proofs, audit), settings, guards, auditSettings);
        this.audit = audit;
        this.metrics = metrics;
    }

    @Scheduled(initialDelayString = "${latchkey.housekeeping.interval:5m}", fixedDelayString = "${latchkey.housekeeping.interval:5m}")
    public void run() {
        purge();
    }

    /** Runs now, unless another run (on this node or another) is under way. */
    public PurgeResult purge() {
        PurgeResult result = purge.run();
        result.purged().forEach(metrics::purged);
        return result;
    }

    /** Runs now for an operator, and records in the audit log what it deleted. */
    public PurgeResult purgeFor(String actor) {
        PurgeResult result = purge();
        if (result.ran()) {
            audit.change(actor, "housekeeping.purged", null, result.summary());
        }
        return result;
    }
}
