package dev.latchkey.ops;

import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Spring Session's sign-in sessions that expired. Spring Session would delete them itself, on every node each minute
 * in one unbounded statement; application.yml turns that off ({@code spring.session.jdbc.cleanup-cron: "-"}) so
 * that they go in housekeeping's batches, by one node at a time. An expired session is never used meanwhile: Spring
 * Session checks the expiry of every session it reads and deletes it then. Their attributes go with them (the
 * foreign key cascades).
 */
@Repository
public class ExpiredSessions {

    private final JdbcClient jdbc;

    public ExpiredSessions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return how many sessions were deleted, at most {@code batch} per statement */
    public int purge(Instant now, int batch) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("DELETE FROM spring_session WHERE primary_id IN (SELECT primary_id FROM spring_session "
                    + "WHERE expiry_time < ? FETCH FIRST " + batch + " ROWS ONLY)")
                .param(now.toEpochMilli())
                .update();
            total += deleted;
        }
        while (deleted == batch);
        return total;
    }
}
