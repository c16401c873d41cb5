package dev.latchkey.guard;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code failed_attempt} table. Nodes change a counter by compare-and-set on its version, so concurrent
 * attempts on any nodes each count once.
 */
@Repository
public class FailureCounters {

    private static final String COLUMNS = "subject_kind, subject_hash, display_name, failures, first_failure_at, "
            + "last_failure_at, blocked_until, locked, version";

    private final JdbcClient jdbc;

    public FailureCounters(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<FailureCounter> find(GuardedKind kind, String key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM failed_attempt WHERE subject_kind = ? AND subject_hash = ?")
            .params(kind.name(), key)
            .query(FailureCounters::map)
            .optional();
    }

    /** @return {@code false} when another attempt inserted the counter first */
    boolean insert(FailureCounter counter) {
        try {
            jdbc.sql("INSERT INTO failed_attempt (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(counter.kind().name(), counter.key(), counter.displayName(), counter.failures(),
                        utc(counter.firstFailureAt()), utc(counter.lastFailureAt()), utc(counter.blockedUntil()),
                        counter.locked(), counter.version())
                .update();
            return true;
        }
        catch (DuplicateKeyException ex) {
            return false;
        }
    }

    /** @return {@code false} when {@code current} was changed or deleted since it was read */
    boolean replace(FailureCounter current, FailureCounter next) {
        return jdbc.sql("UPDATE failed_attempt SET display_name = ?, failures = ?, first_failure_at = ?, "
                + "last_failure_at = ?, blocked_until = ?, locked = ?, version = ? "
                + "WHERE subject_kind = ? AND subject_hash = ? AND version = ?")
            .params(next.displayName(), next.failures(), utc(next.firstFailureAt()), utc(next.lastFailureAt()),
                    utc(next.blockedUntil()), next.locked(), next.version(), current.kind().name(), current.key(),
                    current.version())
            .update() == 1;
    }

    /** @return whether there was such a counter */
    boolean delete(GuardedKind kind, String key) {
        return jdbc.sql("DELETE FROM failed_attempt WHERE subject_kind = ? AND subject_hash = ?")
            .params(kind.name(), key)
            .update() == 1;
    }

    /** Counters that hold attempts back now, longest-held first. */
    List<FailureCounter> findBlocked(Instant now, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM failed_attempt WHERE blocked_until > ? "
                + "ORDER BY blocked_until DESC, subject_kind, subject_hash FETCH FIRST ? ROWS ONLY")
            .params(utc(now), limit)
            .query(FailureCounters::map)
            .list();
    }

    /**
     * Deletes counters whose last failure is older than {@code cutoff} and that hold nothing back any more, at most
     * {@code batch} rows per statement.
     *
     * @return how many were deleted
     */
    public int purge(Instant cutoff, Instant now, int batch) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("DELETE FROM failed_attempt WHERE (subject_kind, subject_hash) IN (SELECT subject_kind, "
                    + "subject_hash FROM failed_attempt WHERE last_failure_at < ? AND (blocked_until IS NULL "
                    + "OR blocked_until < ?) FETCH FIRST " + batch + " ROWS ONLY)")
                .params(utc(cutoff), utc(now))
                .update();
            total += deleted;
        }
        while (deleted == batch);
        return total;
    }

    private static FailureCounter map(ResultSet rs, int row) throws SQLException {
        return new FailureCounter(GuardedKind.valueOf(rs.getString("subject_kind")), rs.getString("subject_hash"),
                rs.getString("display_name"), rs.getInt("failures"), instant(rs, "first_failure_at"),
                instant(rs, "last_failure_at"), instant(rs, "blocked_until"), rs.getBoolean("locked"),
                rs.getLong("version"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
