package dev.latchkey.client;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code application} table. Lists are stored space-separated: none of their items may hold a space. */
@Repository
public class ApplicationRepository {

    private static final String COLUMNS = "client_id, name, client_type, secret_hash, secret_created_at, grant_types, "
            + "redirect_uris, scopes, allowed_origins, skip_authorization, allow_plain_pkce, access_token_ttl_seconds, "
            + "refresh_token_ttl_seconds, code_ttl_seconds, post_logout_redirect_uris, id_token_signing_algorithm, require_dpop, "
            + "require_pushed_requests, access_token_format, access_token_signing_algorithm";

    private final JdbcClient jdbc;

    public ApplicationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Application> findByClientId(String clientId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM application WHERE client_id = ?")
            .param(clientId)
            .query(ApplicationRepository::map)
            .optional();
    }

    public List<Application> findAll() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM application ORDER BY client_id").query(ApplicationRepository::map).list();
    }

    public boolean anyAllowsPlainPkce() {
        return jdbc.sql("SELECT COUNT(*) FROM application WHERE allow_plain_pkce = TRUE").query(Long.class).single() > 0;
    }

    /** Inserts the application, or updates every field of the existing one with the same client id. */
    public void save(Application app) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int updated = jdbc.sql("UPDATE application SET name = ?, client_type = ?, secret_hash = ?, secret_created_at = ?, "
                + "grant_types = ?, redirect_uris = ?, scopes = ?, allowed_origins = ?, skip_authorization = ?, "
                + "allow_plain_pkce = ?, access_token_ttl_seconds = ?, refresh_token_ttl_seconds = ?, code_ttl_seconds = ?, "
                + "post_logout_redirect_uris = ?, id_token_signing_algorithm = ?, require_dpop = ?, require_pushed_requests = ?, "
                + "access_token_format = ?, access_token_signing_algorithm = ?, updated_at = ? WHERE client_id = ?")
            .params(app.name(), app.type().value(), app.secretHash(), utc(app.secretCreatedAt()), join(app.grantTypes()),
                    join(app.redirectUris()), join(app.scopes()), join(app.allowedOrigins()), app.skipAuthorization(),
                    app.allowPlainPkce(), seconds(app.accessTokenTimeToLive()), seconds(app.refreshTokenTimeToLive()),
                    seconds(app.authorizationCodeTimeToLive()), join(app.postLogoutRedirectUris()),
                    app.idTokenSigningAlgorithm(), app.requireDPoP(), app.requirePushedRequests(), app.accessTokenFormat(),
                    app.accessTokenSigningAlgorithm(), now, app.clientId())
            .update();
        if (updated == 0) {
            insert(app);
        }
    }

    /**
     * Inserts a new application; the primary key refuses a client id that exists, also when two requests
     * race to create it.
     *
     * @throws org.springframework.dao.DuplicateKeyException when the client id is taken
     */
    public void insert(Application app) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("INSERT INTO application (" + COLUMNS + ", created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .params(app.clientId(), app.name(), app.type().value(), app.secretHash(), utc(app.secretCreatedAt()),
                    join(app.grantTypes()), join(app.redirectUris()), join(app.scopes()), join(app.allowedOrigins()),
                    app.skipAuthorization(), app.allowPlainPkce(), seconds(app.accessTokenTimeToLive()),
                    seconds(app.refreshTokenTimeToLive()), seconds(app.authorizationCodeTimeToLive()),
                    join(app.postLogoutRedirectUris()), app.idTokenSigningAlgorithm(), app.requireDPoP(),
                    app.requirePushedRequests(), app.accessTokenFormat(), app.accessTokenSigningAlgorithm(), now, now)
            .update();
    }

    public boolean delete(String clientId) {
        return jdbc.sql("DELETE FROM application WHERE client_id = ?").param(clientId).update() > 0;
    }

    private static Application map(ResultSet rs, int row) throws SQLException {
        OffsetDateTime secretCreated = rs.getObject("secret_created_at", OffsetDateTime.class);
        return new Application(rs.getString("client_id"), rs.getString("name"),
                ClientType.fromValue(rs.getString("client_type")), rs.getString("secret_hash"),
                secretCreated == null ? null : secretCreated.toInstant(),
                new LinkedHashSet<>(split(rs.getString("grant_types"))), split(rs.getString("redirect_uris")),
                new LinkedHashSet<>(split(rs.getString("scopes"))), split(rs.getString("allowed_origins")),
                rs.getBoolean("skip_authorization"), rs.getBoolean("allow_plain_pkce"),
                Duration.ofSeconds(rs.getInt("access_token_ttl_seconds")),
                Duration.ofSeconds(rs.getInt("refresh_token_ttl_seconds")),
                Duration.ofSeconds(rs.getInt("code_ttl_seconds")), split(rs.getString("post_logout_redirect_uris")),
                rs.getString("id_token_signing_algorithm"), rs.getBoolean("require_dpop"),
                rs.getBoolean("require_pushed_requests"), rs.getString("access_token_format"),
                rs.getString("access_token_signing_algorithm"));
    }

    private static String join(Iterable<String> values) {
        return String.join(" ", values);
    }

    private static List<String> split(String value) {
        return value == null || value.isBlank() ? List.of() : Arrays.asList(value.trim().split(" +"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static int seconds(Duration duration) {
        return Math.toIntExact(duration.toSeconds());
    }
}
