package dev.latchkey.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.SharedServers;

/**
 * Housekeeping deletes the audit events older than {@code latchkey.audit.retention} (90 days by default), more
 * than one batch of them, and exactly those.
 */
@ParameterizedClass
@EnumSource(Database.class)
class AuditRetentionTests {

    /** More than two of housekeeping's batches of 1000. */
    private static final int EXPIRED = 2_345;

    @Parameter
    Database database;

    @Test
    void housekeepingWhenEventsAreOlderThanTheRetentionThenDeletesExactlyThose() {
        LatchkeyServer server = SharedServers.of(database);
        String actor = "retention-" + UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (int i = 0; i < EXPIRED; i++) {
            insert(server, actor, "expired", now.minusDays(90).minusMinutes(1 + i));
        }
        insert(server, actor, "kept-a-minute-within", now.minusDays(90).plusMinutes(1));
        insert(server, actor, "kept-yesterday", now.minusDays(1));
        List<Long> youngerBefore = server.jdbc()
            .sql("SELECT id FROM audit_event WHERE occurred_at >= ?")
            .param(now.minusDays(90))
            .query(Long.class)
            .list();

        server.bean(Housekeeping.class).run();

        assertThat(server.jdbc().sql("SELECT target FROM audit_event WHERE actor = ? ORDER BY occurred_at")
            .param(actor)
            .query(String.class)
            .list()).containsExactly("kept-a-minute-within", "kept-yesterday");
        assertThat(server.jdbc().sql("SELECT COUNT(*) FROM audit_event WHERE occurred_at < ?")
            .param(now.minusDays(90))
            .query(Long.class)
            .single()).as("no event older than the retention is left").isZero();
        assertThat(server.jdbc().sql("SELECT id FROM audit_event").query(Long.class).list())
            .as("every younger event is kept").containsAll(youngerBefore);
    }

    private static void insert(LatchkeyServer server, String actor, String target, OffsetDateTime at) {
        server.jdbc()
            .sql("INSERT INTO audit_event (occurred_at, category, actor, action, target) VALUES (?, 'change', ?, "
                    + "'user.enabled', ?)")
            .params(at, actor, target)
            .update();
    }
}
