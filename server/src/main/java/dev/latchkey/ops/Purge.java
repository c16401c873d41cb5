package dev.latchkey.ops;

import static java.time.ZoneOffset.UTC;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

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
 * One housekeeping run: deletes, table by table in batches of {@value #BATCH} rows per statement, every row that can
 * serve nothing any more, and only those. Runs never overlap, on one node or many: a run takes the lease row
 * {@code housekeeping_lease} by a conditional UPDATE whose row count decides, renews it before each table, and
 * gives it back when done; should its node die, the lease lapses after half the housekeeping interval. The
 * scheduled job ({@link Housekeeping}), the console, the management API and {@code bin/latchkey purge} all run this.
 */
public final class Purge {

    private static final Logger log = LoggerFactory.getLogger(Purge.class);

    static final int BATCH = 1_000;

    private final JdbcClient jdbc;

    private final Stores stores;

    private final Duration keepExpired;

    private final Duration guardWindow;

    private final Duration auditRetention;

    private final Duration leaseLength;

    /** The stores whose expired rows a run deletes. */
    public record Stores(ExpiredGrants grants, RotatedRefreshTokens rotatedRefreshTokens, OrphanedConsents consents,
            ExpiredSessions sessions, FailureCounters failedAttempts, SeenProofs proofs, AuditLog audit) {
    }

    public Purge(JdbcClient jdbc, Stores stores, HousekeepingSettings housekeeping, GuardSettings guards,
            AuditSettings audit) {
        this.jdbc = jdbc;
        this.stores = stores;
        this.keepExpired = housekeeping.keepExpired();
        this.guardWindow = guards.window();
        this.auditRetention = audit.retention();
        this.leaseLength = housekeeping.interval().dividedBy(2);
    }

    /** Runs unless another run holds the lease; then says whose it is. */
    public PurgeResult run() {
        String run = ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
        OffsetDateTime now = OffsetDateTime.now(UTC);
        boolean acquired = jdbc.sql("UPDATE housekeeping_lease SET holder = ?, leased_until = ? WHERE name = 'cleanup' "
                + "AND leased_until < ?")
            .params(run, now.plus(leaseLength), now)
            .update() == 1;
        if (!acquired) {
            return jdbc.sql("SELECT holder, leased_until FROM housekeeping_lease WHERE name = 'cleanup'")
                .query((rs, row) -> PurgeResult.busy(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant()))
                .single();
        }
        try {
            return purge(run);
        }
        finally {
            jdbc.sql("UPDATE housekeeping_lease SET leased_until = ? WHERE name = 'cleanup' AND holder = ?")
                .params(OffsetDateTime.now(UTC), run)
                .update();
        }
    }

    private PurgeResult purge(String run) {
        Instant now = Instant.now();
        // By table, as the metric's table tag and the reports name them.
        Map<String, Integer> purged = new LinkedHashMap<>();
        List<Runnable> tables = List.of(() -> {
            ExpiredGrants.Purged grants = stores.grants().purge(now, now.minus(keepExpired), BATCH);
            purged.put("oauth_authorization", grants.grants());
            purged.put("oauth_rotated_refresh_token", grants.rotatedRefreshTokens());
        }, () -> {
            int answers = stores.rotatedRefreshTokens().forgetLapsedRetryAnswers(now, BATCH);
            if (answers > 0) {
                log.info("Housekeeping erased {} answer(s) kept for retried refreshes", answers);
            }
        }, () -> purged.put("authorization_consent", stores.consents().purge(BATCH)),
                () -> purged.put("spring_session", stores.sessions().purge(now, BATCH)),
                () -> purged.put("failed_attempt", stores.failedAttempts().purge(now.minus(guardWindow), now, BATCH)),
                () -> purged.put("dpop_proof", stores.proofs().purgeExpired(now, BATCH)),
                () -> purged.put("audit_event", stores.audit().purgeOlderThan(now.minus(auditRetention), BATCH)));
        for (Runnable table : tables) {
            if (!renew(run)) {
                // Its lease lapsed and another run took it: this one stops rather than run beside it.
                log.warn("Housekeeping run {} lost its lease (held for {}) and stopped early", run, leaseLength);
                break;
            }
            table.run();
        }
        PurgeResult result = new PurgeResult(purged, null, null);
        if (result.total() > 0) {
            log.info("Housekeeping: {}", result.summary());
        }
        return result;
    }

    private boolean renew(String run) {
        return jdbc.sql("UPDATE housekeeping_lease SET leased_until = ? WHERE name = 'cleanup' AND holder = ?")
            .params(OffsetDateTime.now(UTC).plus(leaseLength), run)
            .update() == 1;
    }
}
