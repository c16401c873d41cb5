package dev.latchkey.authorization;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Lists and revokes grants for the admin console, the management API and "connected apps". Revoking a
 * grant kills its refresh token and its JWT access token at once: both are checked against
 * {@code revoked_at} ({@link JdbcAuthorizationService#isAccessTokenActive}). Revoking "all" also revokes
 * grants still waiting for their code to be redeemed, so such a code becomes useless too. Callers record
 * who revoked; the server's own revocations (replays) are announced by {@link GrantRevokedEvent}.
 */
@Service
public class GrantService {

    private static final Logger log = LoggerFactory.getLogger(GrantService.class);

    /** Tokens were issued and the last of them has not expired. */
    private static final String ACTIVE = "revoked_at IS NULL AND access_token_hash IS NOT NULL AND expires_at > ?";

    private static final String COLUMNS = "id, client_id, principal_name, grant_type, authorized_scopes, created_at, "
            + "expires_at";

    private final JdbcClient jdbc;

    public GrantService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Live grants, newest first.
     *
     * @param principalName only this user's (or client_credentials application's), or {@code null} for all
     * @param clientId only this application's, or {@code null} for all
     */
    public List<Grant> findActive(String principalName, String clientId, int limit) {
        StringBuilder where = new StringBuilder(ACTIVE);
        List<Object> params = new ArrayList<>(List.of(now()));
        if (principalName != null) {
            where.append(" AND principal_name = ?");
            params.add(principalName);
        }
        if (clientId != null) {
            where.append(" AND client_id = ?");
            params.add(clientId);
        }
        params.add(limit);
        return jdbc.sql("SELECT " + COLUMNS + " FROM oauth_authorization WHERE " + where
                + " ORDER BY created_at DESC, id FETCH FIRST ? ROWS ONLY")
            .params(params)
            .query(GrantService::map)
            .list();
    }

    public Optional<Grant> findActive(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM oauth_authorization WHERE id = ? AND " + ACTIVE)
            .params(id, now())
            .query(GrantService::map)
            .optional();
    }

    public long countActive() {
        return jdbc.sql("SELECT COUNT(*) FROM oauth_authorization WHERE " + ACTIVE).param(now()).query(Long.class).single();
    }

    /** Revokes one grant; {@code false} when there is no live grant with this id. */
    public boolean revoke(String id, String reason) {
        return revokeWhere("id = ?", reason, id) > 0;
    }

    /** Revokes every grant of this user (or, for client_credentials, of the application acting as itself). */
    public int revokeAllOfPrincipal(String principalName, String reason) {
        return revokeWhere("principal_name = ?", reason, principalName);
    }

    public int revokeAllOfClient(String clientId, String reason) {
        return revokeWhere("client_id = ?", reason, clientId);
    }

    /** Revokes what one user granted one application ("connected apps"). */
    public int revokeAll(String principalName, String clientId, String reason) {
        return revokeWhere("principal_name = ? AND client_id = ?", reason, principalName, clientId);
    }

    private int revokeWhere(String condition, String reason, Object... params) {
        List<String[]> grants = jdbc.sql("SELECT id, client_id FROM oauth_authorization WHERE revoked_at IS NULL AND "
                + condition)
            .params(params)
            .query((rs, row) -> new String[] { rs.getString(1), rs.getString(2) })
            .list();
        int revoked = 0;
        for (String[] grant : grants) {
            // One conditional UPDATE per grant, so each revocation is reported exactly once even under races.
            if (jdbc.sql("UPDATE oauth_authorization SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                .params(now(), grant[0])
                .update() == 1) {
                revoked++;
                log.info("Revoked grant {} of client '{}': {}", grant[0], grant[1], reason);
            }
        }
        return revoked;
    }

    private static Grant map(ResultSet rs, int row) throws SQLException {
        return new Grant(rs.getString("id"), rs.getString("client_id"), rs.getString("principal_name"),
                rs.getString("grant_type"), AuthorizationRow.split(rs.getString("authorized_scopes")),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("expires_at", OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
