package dev.latchkey.admin;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import dev.latchkey.admin.AuditEvent.Category;

/**
 * The {@code audit_event} table: appended to by every change and security event, read by the console and API,
 * purged by housekeeping after the retention. Each event is also published, for {@link AuditTrailLogger}'s log line.
 */
@Service
public class AuditLog {

    /** System actor for what the server does by itself (revoking a replayed grant). */
    public static final String SERVER = "latchkey";

    private static final String ABOUT_AN_APPLICATION = "target = ? AND ("
            + AuditEvent.CLIENT_ACTION_PREFIXES.stream().map(prefix -> "action LIKE '" + prefix + "%'")
                .collect(Collectors.joining(" OR "))
            + AuditEvent.OTHER_CLIENT_ACTIONS.stream().map(action -> " OR action = '" + action + "'")
                .collect(Collectors.joining())
            + ")";

    private final JdbcClient jdbc;

    private final ApplicationEventPublisher events;

    public AuditLog(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    public void change(String actor, String action, String target, String detail) {
        record(Category.CHANGE, actor, action, target, detail);
    }

    public void security(String actor, String action, String target, String detail) {
        record(Category.SECURITY, actor, action, target, detail);
    }

    private void record(Category category, String actor, String action, String target, String detail) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        AuditEvent event = new AuditEvent(0, now.toInstant(), category, truncate(actor, 200), action,
                truncate(target, 200), truncate(detail, 1000));
        jdbc.sql("INSERT INTO audit_event (occurred_at, category, actor, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)")
            .params(now, category.value(), event.actor(), action, event.target(), event.detail())
            .update();
        events.publishEvent(event);
    }

    /**
     * The newest events first.
     *
     * @param category only this category, or {@code null} for all
     */
    public List<AuditEvent> recent(Category category, int limit) {
        return find(AuditQuery.latest(category, limit));
    }

    /** The events {@code query} selects, newest first. */
    public List<AuditEvent> find(AuditQuery query) {
        List<String> conditions = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        condition(conditions, params, "occurred_at >= ?", query.from() == null ? null : utc(query.from()));
        condition(conditions, params, "occurred_at < ?", query.to() == null ? null : utc(query.to()));
        condition(conditions, params, "actor = ?", query.actor());
        condition(conditions, params, ABOUT_AN_APPLICATION, query.clientId());
        condition(conditions, params, "action = ?", query.action());
        condition(conditions, params, "category = ?", query.category() == null ? null : query.category().value());
        if (query.before() != null) {
            // Keyset paging in the listing's order: strictly after the given event, whatever shares its instant.
            conditions.add("(occurred_at < (SELECT occurred_at FROM audit_event WHERE id = ?) OR (occurred_at = "
                    + "(SELECT occurred_at FROM audit_event WHERE id = ?) AND id < ?))");
            params.addAll(List.of(query.before(), query.before(), query.before()));
        }
        params.add(query.limit());
        return jdbc.sql("SELECT id, occurred_at, category, actor, action, target, detail FROM audit_event"
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + " ORDER BY occurred_at DESC, id DESC FETCH FIRST ? ROWS ONLY")
            .params(params)
            .query(AuditLog::event)
            .list();
    }

    /**
     * Deletes the events that occurred before {@code cutoff}, {@code batch} rows per statement so that no single
     * statement holds locks on a large part of the table.
     *
     * @return how many were deleted
     */
    public int purgeOlderThan(Instant cutoff, int batch) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("DELETE FROM audit_event WHERE id IN (SELECT id FROM audit_event WHERE occurred_at < ? "
                    + "FETCH FIRST " + batch + " ROWS ONLY)")
                .param(utc(cutoff))
                .update();
            total += deleted;
        }
        while (deleted == batch);
        return total;
    }

    private static void condition(List<String> conditions, List<Object> params, String sql, Object value) {
        if (value != null) {
            conditions.add(sql);
            params.add(value);
        }
    }

    private static AuditEvent event(ResultSet rs, int row) throws SQLException {
        return new AuditEvent(rs.getLong("id"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                Category.fromValue(rs.getString("category")), rs.getString("actor"), rs.getString("action"),
                rs.getString("target"), rs.getString("detail"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }
}
