package dev.latchkey.authorization;

import static dev.latchkey.authorization.StoredGrantRows.expiresAt;
import static dev.latchkey.authorization.StoredGrantRows.hash;
import static dev.latchkey.authorization.StoredGrantRows.issuedAt;
import static dev.latchkey.authorization.StoredGrantRows.join;
import static dev.latchkey.authorization.StoredGrantRows.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import dev.latchkey.authorization.GrantRevokedEvent.Cause;
import dev.latchkey.authorization.RotatedRefreshTokens.SealedAnswer;

/**
 * Owns {@code oauth_authorization}, one row per grant and its token family (a rotation also remembers the
 * replaced refresh token in {@link RotatedRefreshTokens}), and offers what the protocol does to it. Codes and
 * tokens arrive and are stored as SHA-256 hashes. Single use is decided by the database: redeeming a code and
 * rotating a refresh token are each one conditional UPDATE whose row count says whether this caller won, also
 * between nodes. Every grant a revocation ends is announced once ({@link GrantRevokedEvent}).
 */
@Repository
public class GrantStore {

    private static final Logger log = LoggerFactory.getLogger(GrantStore.class);

    /** The columns a redemption or rotation writes; a refresh that issues no ID token keeps the last one. */
    private static final String ISSUED_TOKENS = "access_token_hash = ?, access_token_issued_at = ?, "
            + "access_token_expires_at = ?, access_token_scopes = ?, refresh_token_hash = COALESCE(?, refresh_token_hash), "
            + "refresh_token_issued_at = COALESCE(?, refresh_token_issued_at), "
            + "refresh_token_expires_at = COALESCE(?, refresh_token_expires_at), id_token_hash = COALESCE(?, id_token_hash), "
            + "id_token_issued_at = COALESCE(?, id_token_issued_at), id_token_expires_at = COALESCE(?, id_token_expires_at), "
            + "subject = COALESCE(?, subject), expires_at = ?, dpop_jkt = ?";

    /** Tokens were issued and the last of them has not expired. */
    private static final String ACTIVE = "revoked_at IS NULL AND access_token_hash IS NOT NULL AND expires_at > ?";

    private static final String GRANT_COLUMNS = "id, client_id, principal_name, grant_type, authorized_scopes, "
            + "created_at, expires_at";

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private final ApplicationEventPublisher events;

    private final RotatedRefreshTokens rotated;

    /** PostgreSQL reports the rows an UPDATE changed with RETURNING, H2 with a data change delta table. */
    private final boolean postgres;

    public GrantStore(JdbcClient jdbc, DataSource dataSource, TransactionTemplate transactions,
            ApplicationEventPublisher events, RotatedRefreshTokens rotated) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.events = events;
        this.rotated = rotated;
        this.postgres = StoredGrantRows.isPostgres(dataSource);
    }

    public void insert(StoredGrant grant) {
        jdbc.sql("INSERT INTO oauth_authorization (" + StoredGrantRows.COLUMNS + ") VALUES (" + StoredGrantRows.PLACEHOLDERS
                + ")").params(StoredGrantRows.values(grant)).update();
    }

    public Optional<StoredGrant> find(TokenKind kind, String hash) {
        return jdbc.sql("SELECT " + StoredGrantRows.COLUMNS + " FROM oauth_authorization WHERE " + kind.column + " = ?")
            .param(hash)
            .query(StoredGrantRows::map)
            .optional();
    }

    public Optional<StoredGrant> findById(String id) {
        return jdbc.sql("SELECT " + StoredGrantRows.COLUMNS + " FROM oauth_authorization WHERE id = ?")
            .param(id)
            .query(StoredGrantRows::map)
            .optional();
    }

    /**
     * The user approved the consent page: the waiting grant gets its code and authorized scopes. The one-time
     * consent state decides, so a page answered twice yields one code.
     *
     * @return whether this answer was the one that counted
     */
    public boolean approve(String grantId, String consentStateHash, StoredToken code, Set<String> authorizedScopes) {
        return jdbc.sql("UPDATE oauth_authorization SET code_hash = ?, code_issued_at = ?, code_expires_at = ?, "
                + "authorized_scopes = ?, consent_state_hash = NULL, expires_at = ? "
                + "WHERE id = ? AND consent_state_hash = ? AND revoked_at IS NULL")
            .params(code.hash(), utc(code.issuedAt()), utc(code.expiresAt()), join(authorizedScopes),
                    utc(code.expiresAt()), grantId, consentStateHash)
            .update() == 1;
    }

    /** Forgets a grant that never issued anything (the user denied consent). */
    public void delete(String grantId) {
        jdbc.sql("DELETE FROM oauth_authorization WHERE id = ?").param(grantId).update();
    }

    /**
     * Redeems a code: marks it used and stores what was issued for it, only if it was still unused and the
     * grant not revoked.
     *
     * @return {@code false} when another redemption (or a revocation) came first: nothing was stored
     */
    public boolean consumeCode(String codeHash, TokenIssue issue) {
        List<Object> params = new ArrayList<>(List.of(utc(Instant.now())));
        params.addAll(issuedTokenValues(issue));
        params.add(codeHash);
        return jdbc.sql("UPDATE oauth_authorization SET code_consumed_at = ?, " + ISSUED_TOKENS
                + " WHERE code_hash = ? AND code_consumed_at IS NULL AND revoked_at IS NULL")
            .params(params)
            .update() == 1;
    }

    /** Uses up a pushed request (RFC 9126 §4): {@code false} when it was used, expired or never was one. */
    public boolean consumePushedRequest(String grantId) {
        return jdbc.sql("DELETE FROM oauth_authorization WHERE id = ? AND request_uri_hash IS NOT NULL AND expires_at > ?")
            .params(grantId, utc(Instant.now()))
            .update() == 1;
    }

    /** Burns a code that another client presented, so that it can no longer be redeemed by anyone. */
    public boolean invalidateCode(String codeHash) {
        return jdbc.sql("UPDATE oauth_authorization SET code_consumed_at = ? WHERE code_hash = ? AND code_consumed_at IS NULL")
            .params(utc(Instant.now()), codeHash)
            .update() == 1;
    }

    /**
     * Replaces the grant's refresh token (and access token) with newly issued ones, only if {@code presentedHash}
     * is still the current refresh token; the presented one is remembered as rotated, so that its reuse is
     * recognised as a replay, or within the retry window answered with {@code answer}.
     *
     * @param answer this refresh's answer sealed for its retries, or {@code null} when retries get none
     * @return {@code false} when it was no longer current (another refresh came first, or a revocation)
     */
    public boolean rotateRefreshToken(String grantId, String presentedHash, TokenIssue issue, SealedAnswer answer) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            List<Object> params = new ArrayList<>(issuedTokenValues(issue));
            params.addAll(List.of(grantId, presentedHash));
            if (jdbc.sql("UPDATE oauth_authorization SET " + ISSUED_TOKENS
                    + " WHERE id = ? AND refresh_token_hash = ? AND revoked_at IS NULL").params(params).update() != 1) {
                return false;
            }
            rotated.remember(presentedHash, grantId, hash(issue.refreshToken()), issue.lastExpiry(), answer);
            return true;
        }));
    }

    /** The principal of the grant whose current, unexpired access token this is, unless the grant was revoked. */
    public Optional<String> findActiveAccessTokenPrincipal(String hash) {
        return jdbc.sql("SELECT principal_name FROM oauth_authorization WHERE access_token_hash = ? AND revoked_at IS NULL "
                + "AND access_token_expires_at > ?")
            .params(hash, utc(Instant.now()))
            .query(String.class)
            .optional();
    }

    /**
     * Revokes every live grant the selector names, in one statement however many there are; each grant's
     * code, tokens and rotated refresh tokens stop working together. Announces each revoked grant once, also
     * when several callers race to revoke the same ones.
     *
     * @return how many grants this call revoked
     */
    public int revoke(GrantSelector selector, Cause cause, String reason) {
        String update = "UPDATE oauth_authorization SET revoked_at = ? WHERE revoked_at IS NULL AND (" + selector.condition
                + ")";
        String sql = postgres ? update + " RETURNING id, client_id, principal_name"
                : "SELECT id, client_id, principal_name FROM FINAL TABLE (" + update + ")";
        List<Object> params = new ArrayList<>(List.of(utc(Instant.now())));
        params.addAll(selector.parameters);
        List<GrantRevokedEvent> revoked = jdbc.sql(sql)
            .params(params)
            .query((rs, row) -> new GrantRevokedEvent(rs.getString(1), rs.getString(2), rs.getString(3), cause, reason))
            .list();
        for (GrantRevokedEvent event : revoked) {
            if (cause.replay()) {
                log.warn("Revoked grant {} of client '{}': {}", event.authorizationId(), event.clientId(), reason);
            }
            else {
                log.info("Revoked grant {} of client '{}': {}", event.authorizationId(), event.clientId(), reason);
            }
            events.publishEvent(event);
        }
        return revoked.size();
    }

    /**
     * Live grants, newest first.
     *
     * @param principalName only this user's (or client_credentials application's), or {@code null} for all
     * @param clientId only this application's, or {@code null} for all
     */
    public List<Grant> findActive(String principalName, String clientId, int limit) {
        StringBuilder where = new StringBuilder(ACTIVE);
        List<Object> params = new ArrayList<>(List.of(utc(Instant.now())));
        if (principalName != null) {
            where.append(" AND principal_name = ?");
            params.add(principalName);
        }
        if (clientId != null) {
            where.append(" AND client_id = ?");
            params.add(clientId);
        }
        params.add(limit);
        return jdbc.sql("SELECT " + GRANT_COLUMNS + " FROM oauth_authorization WHERE " + where
                + " ORDER BY created_at DESC, id FETCH FIRST ? ROWS ONLY")
            .params(params)
            .query(GrantStore::grant)
            .list();
    }

    public Optional<Grant> findActive(String id) {
        return jdbc.sql("SELECT " + GRANT_COLUMNS + " FROM oauth_authorization WHERE id = ? AND " + ACTIVE)
            .params(id, utc(Instant.now()))
            .query(GrantStore::grant)
            .optional();
    }

    public long countActive() {
        return jdbc.sql("SELECT COUNT(*) FROM oauth_authorization WHERE " + ACTIVE)
            .param(utc(Instant.now()))
            .query(Long.class)
            .single();
    }

    private static List<Object> issuedTokenValues(TokenIssue issue) {
        return Arrays.asList(issue.accessToken().hash(), issuedAt(issue.accessToken()),
                expiresAt(issue.accessToken()), join(issue.accessTokenScopes()), hash(issue.refreshToken()),
                issuedAt(issue.refreshToken()), expiresAt(issue.refreshToken()), hash(issue.idToken()),
                issuedAt(issue.idToken()), expiresAt(issue.idToken()), issue.subject(), utc(issue.lastExpiry()),
                issue.dpopJkt());
    }

    private static Grant grant(ResultSet rs, int row) throws SQLException {
        return new Grant(rs.getString("id"), rs.getString("client_id"), rs.getString("principal_name"),
                rs.getString("grant_type"), StoredGrantRows.split(rs.getString("authorized_scopes")),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("expires_at", OffsetDateTime.class).toInstant());
    }
}
