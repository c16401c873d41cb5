package dev.latchkey.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code user_account} table. */
@Repository
public class UserRepository {

    private static final String COLUMNS = "id, username, password_hash, enabled, admin, name, email, email_verified";

    private final JdbcClient jdbc;

    public UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<UserAccount> findByUsername(String username) {
        return jdbc.sql("SELECT " + COLUMNS + ", updated_at FROM user_account WHERE username = ?")
            .param(username)
            .query(UserRepository::map)
            .optional();
    }

    public Optional<UserAccount> findById(String id) {
        return jdbc.sql("SELECT " + COLUMNS + ", updated_at FROM user_account WHERE id = ?")
            .param(id)
            .query(UserRepository::map)
            .optional();
    }

    public List<UserAccount> findAll() {
        return jdbc.sql("SELECT " + COLUMNS + ", updated_at FROM user_account ORDER BY username").query(UserRepository::map).list();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM user_account").query(Long.class).single();
    }

    public long countEnabledAdmins() {
        return jdbc.sql("SELECT COUNT(*) FROM user_account WHERE admin = TRUE AND enabled = TRUE").query(Long.class).single();
    }

    public boolean delete(String id) {
        return jdbc.sql("DELETE FROM user_account WHERE id = ?").param(id).update() > 0;
    }

    public void insert(UserAccount user) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("INSERT INTO user_account (" + COLUMNS + ", created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .params(user.id(), user.username(), user.passwordHash(), user.enabled(), user.admin(), user.name(),
                    user.email(), user.emailVerified(), now, now)
            .update();
    }

    public void update(UserAccount user) {
        jdbc.sql("UPDATE user_account SET username = ?, password_hash = ?, enabled = ?, admin = ?, name = ?, email = ?, "
                + "email_verified = ?, updated_at = ? WHERE id = ?")
            .params(user.username(), user.passwordHash(), user.enabled(), user.admin(), user.name(), user.email(),
                    user.emailVerified(), OffsetDateTime.now(ZoneOffset.UTC), user.id())
            .update();
    }

    private static UserAccount map(ResultSet rs, int row) throws SQLException {
        OffsetDateTime updatedAt = rs.getObject("updated_at", OffsetDateTime.class);
        return new UserAccount(rs.getString("id"), rs.getString("username"), rs.getString("password_hash"),
                rs.getBoolean("enabled"), rs.getBoolean("admin"), rs.getString("name"), rs.getString("email"),
                rs.getBoolean("email_verified"), updatedAt == null ? Instant.EPOCH : updatedAt.toInstant());
    }
}
