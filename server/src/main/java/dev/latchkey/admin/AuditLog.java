package dev.latchkey.admin;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import dev.latchkey.admin.AuditEvent.Category;

/** The {@code audit_event} table: appended to by every change and security event, read by the console and API. */
@Service
public class AuditLog {

    /** System actor for what the server does by itself (revoking a replayed grant). */
    public static final String SERVER = "latchkey";

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final JdbcClient jdbc;

    public AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void change(String actor, String action, String target, String detail) {
        record(Category.CHANGE, actor, action, target, detail);
    }

    public void security(String actor, String action, String target, String detail) {
        record(Category.SECURITY, actor, action, target, detail);
    }

    private void record(Category category, String actor, String action, String target, String detail) {
        jdbc.sql("INSERT INTO audit_event (occurred_at, category, actor, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)")
            .params(OffsetDateTime.now(ZoneOffset.UTC), category.value(), truncate(actor, 200), action,
                    truncate(target, 200), truncate(detail, 1000))
            .update();
        log.info("Audit: {} {} {} {}", actor, action, target == null ? "" : target, detail == null ? "" : detail);
    }

    /**
     * The newest events first.
     *
     * @param category only this category, or {@code null} for all
     */
    public List<AuditEvent> recent(Category category, int limit) {
        List<Object> params = category == null ? List.of(limit) : List.of(category.value(), limit);
        return jdbc.sql("SELECT id, occurred_at, category, actor, action, target, detail FROM audit_event"
                + (category == null ? "" : " WHERE category = ?") + " ORDER BY occurred_at DESC, id DESC FETCH FIRST ? ROWS ONLY")
            .params(params)
            .query((rs, row) -> new AuditEvent(rs.getLong("id"),
                    rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                    Category.fromValue(rs.getString("category")), rs.getString("actor"), rs.getString("action"),
                    rs.getString("target"), rs.getString("detail")))
            .list();
    }

    private static String truncate(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }
}
