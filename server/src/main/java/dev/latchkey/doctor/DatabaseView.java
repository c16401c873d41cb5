package dev.latchkey.doctor;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the doctor reads from the database, read only: the applications' PKCE and token lifetimes, and the
 * admin accounts.
 *
 * @param unavailable why the database could not be read, {@code null} when it was
 */
record DatabaseView(List<ApplicationRow> applications, List<AdminAccount> admins, String unavailable) {

    /** An application's settings the doctor checks. */
    record ApplicationRow(String clientId, boolean allowPlainPkce, Duration accessTokenTimeToLive,
            Duration refreshTokenTimeToLive) {
    }

    /**
     * An enabled admin account.
     *
     * @param neverUpdated whether nothing (password, profile, role) changed since it was created
     */
    record AdminAccount(String username, boolean neverUpdated) {
    }

    static DatabaseView unavailable(String reason) {
        return new DatabaseView(List.of(), List.of(), reason);
    }

    static DatabaseView read(JdbcClient jdbc) {
        try {
            List<ApplicationRow> applications = jdbc.sql("SELECT client_id, allow_plain_pkce, access_token_ttl_seconds, "
                    + "refresh_token_ttl_seconds FROM application ORDER BY client_id")
                .query((rs, row) -> new ApplicationRow(rs.getString("client_id"), rs.getBoolean("allow_plain_pkce"),
                        Duration.ofSeconds(rs.getLong("access_token_ttl_seconds")),
                        Duration.ofSeconds(rs.getLong("refresh_token_ttl_seconds"))))
                .list();
            List<AdminAccount> admins = jdbc.sql("SELECT username, created_at, updated_at FROM user_account "
                    + "WHERE admin = TRUE AND enabled = TRUE ORDER BY username")
                .query((rs, row) -> new AdminAccount(rs.getString("username"),
                        rs.getObject("created_at", OffsetDateTime.class)
                            .isEqual(rs.getObject("updated_at", OffsetDateTime.class))))
                .list();
            return new DatabaseView(applications, admins, null);
        }
        catch (DataAccessException ex) {
            return unavailable("could not read it: " + ex.getMostSpecificCause().getMessage());
        }
    }
}
