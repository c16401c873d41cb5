package dev.latchkey.authorization;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import dev.latchkey.crypto.Hashes;

/**
 * Stores authorizations one row each, codes and tokens as SHA-256 hashes, with single use enforced by the
 * database: a code is consumed by {@code UPDATE … WHERE code_consumed_at IS NULL} and a refresh token
 * rotated by {@code UPDATE … WHERE refresh_token_hash = ?}; the row count decides. The loser of a race,
 * and anyone presenting a used code or a rotated refresh token, revokes the whole grant
 * (RFC 6749 §4.1.2, RFC 9700 §2.2.2 and §4.14.2).
 */
@Service
public class JdbcAuthorizationService implements OAuth2AuthorizationService {

    private static final Logger log = LoggerFactory.getLogger(JdbcAuthorizationService.class);

    private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

    private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

    private static final String CODE_LOOKUP_ATTRIBUTE = JdbcAuthorizationService.class.getName() + ".code:";
    private static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType(OidcParameterNames.ID_TOKEN);

    private final JdbcClient jdbc;

    private final AuthorizationRowMapper mapper;

    private final ApplicationEventPublisher events;

    public JdbcAuthorizationService(JdbcClient jdbc, AuthorizationRowMapper mapper, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.events = events;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        forgetCodeLookups();
        AuthorizationRow row = AuthorizationRow.of(authorization);
        PersistedState before = authorization.getAttribute(PersistedState.ATTRIBUTE);
        if (before == null) {
            insert(row);
        }
        else if (row.revoked()) {
            revoke(row.id(), row.clientId(), "a token of the grant was revoked or reused");
        }
        else if (row.codeConsumed() && !before.codeConsumed()) {
            consumeCode(row);
        }
        else if (before.refreshTokenHash() != null && !before.refreshTokenHash().equals(row.refreshTokenHash())) {
            rotateRefreshToken(row, before.refreshTokenHash());
        }
        else {
            update(row, "");
        }
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        forgetCodeLookups();
        jdbc.sql("DELETE FROM oauth_authorization WHERE id = ?").param(authorization.getId()).update();
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return mapper.findOne("id = ?", id, null, null);
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        String hash = Hashes.sha256Hex(token);
        if (tokenType == null) {
            return Optional.ofNullable(mapper.findOne("access_token_hash = ?", hash, token, null))
                .or(() -> Optional.ofNullable(findByRefreshToken(token, hash)))
                .orElse(null);
        }
        if (OAuth2TokenType.ACCESS_TOKEN.equals(tokenType)) {
            return mapper.findOne("access_token_hash = ?", hash, token, null);
        }
        if (OAuth2TokenType.REFRESH_TOKEN.equals(tokenType)) {
            return findByRefreshToken(token, hash);
        }
        if (CODE.equals(tokenType)) {
            return findByCodeOncePerRequest(token, hash);
        }
        if (ID_TOKEN.equals(tokenType)) {
            return mapper.findOne("id_token_hash = ?", hash, token, null);
        }
        if (STATE.equals(tokenType)) {
            return mapper.findOne("consent_state_hash = ?", hash, null, token);
        }
        return null;
    }

    /**
     * A code redemption looks the code up twice (Spring verifies PKCE while authenticating the client, then
     * redeems): the second lookup in the same request reuses the first. Safe because redemption itself is
     * the conditional UPDATE in {@link #save}, which sees any concurrent change.
     */
    private OAuth2Authorization findByCodeOncePerRequest(String code, String hash) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        String key = CODE_LOOKUP_ATTRIBUTE + hash;
        if (request != null && request.getAttribute(key, RequestAttributes.SCOPE_REQUEST) instanceof OAuth2Authorization found) {
            return found;
        }
        OAuth2Authorization found = mapper.findOne("code_hash = ?", hash, code, null);
        if (request != null && found != null) {
            request.setAttribute(key, found, RequestAttributes.SCOPE_REQUEST);
        }
        return found;
    }

    /** Whether the grant that issued this access token is still live: the resource server's revocation check. */
    public boolean isAccessTokenActive(String token) {
        return jdbc.sql("SELECT COUNT(*) FROM oauth_authorization WHERE access_token_hash = ? AND revoked_at IS NULL "
                + "AND access_token_expires_at > ?")
            .params(Hashes.sha256Hex(token), now())
            .query(Long.class)
            .single() > 0;
    }

    /** Explains a refresh token without changing anything (unlike {@link #findByToken}, which revokes on replay). */
    public RefreshTokenStatus refreshTokenStatus(String token) {
        String hash = Hashes.sha256Hex(token);
        List<RefreshTokenStatus> current = jdbc.sql("SELECT client_id, revoked_at, refresh_token_expires_at "
                + "FROM oauth_authorization WHERE refresh_token_hash = ?")
            .param(hash)
            .query((rs, row) -> new RefreshTokenStatus(rs.getObject("revoked_at") != null ? RefreshTokenStatus.State.REVOKED
                    : rs.getObject("refresh_token_expires_at", OffsetDateTime.class).isBefore(now())
                            ? RefreshTokenStatus.State.EXPIRED : RefreshTokenStatus.State.ACTIVE,
                    rs.getString("client_id")))
            .list();
        if (!current.isEmpty()) {
            return current.get(0);
        }
        boolean rotated = jdbc.sql("SELECT COUNT(*) FROM oauth_rotated_refresh_token WHERE token_hash = ?")
            .param(hash)
            .query(Long.class)
            .single() > 0;
        return new RefreshTokenStatus(rotated ? RefreshTokenStatus.State.ROTATED : RefreshTokenStatus.State.UNKNOWN, null);
    }

    private static void forgetCodeLookups() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            for (String name : request.getAttributeNames(RequestAttributes.SCOPE_REQUEST)) {
                if (name.startsWith(CODE_LOOKUP_ATTRIBUTE)) {
                    request.removeAttribute(name, RequestAttributes.SCOPE_REQUEST);
                }
            }
        }
    }

    private OAuth2Authorization findByRefreshToken(String token, String hash) {
        OAuth2Authorization current = mapper.findOne("refresh_token_hash = ?", hash, token, null);
        if (current != null) {
            return current;
        }
        List<String[]> rotatedFrom = jdbc.sql("SELECT r.authorization_id, a.client_id FROM oauth_rotated_refresh_token r "
                + "JOIN oauth_authorization a ON a.id = r.authorization_id WHERE r.token_hash = ?")
            .param(hash)
            .query((rs, row) -> new String[] { rs.getString(1), rs.getString(2) })
            .list();
        if (!rotatedFrom.isEmpty()) {
            revoke(rotatedFrom.get(0)[0], rotatedFrom.get(0)[1], "a rotated refresh token was presented again");
        }
        return null;
    }

    private void insert(AuthorizationRow row) {
        jdbc.sql("INSERT INTO oauth_authorization (id, client_id, principal_name, grant_type, requested_scopes, "
                + "authorized_scopes, redirect_uri, client_state, code_challenge, code_challenge_method, nonce, "
                + "consent_state_hash, code_hash, code_issued_at, code_expires_at, code_consumed_at, access_token_hash, "
                + "access_token_issued_at, access_token_expires_at, access_token_scopes, refresh_token_hash, "
                + "refresh_token_issued_at, refresh_token_expires_at, revoked_at, created_at, expires_at, id_token_hash, "
                + "id_token_issued_at, id_token_expires_at, subject, auth_time, session_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .params(row.id(), row.clientId(), row.principalName(), row.grantType(), row.requestedScopes(),
                    row.authorizedScopes(), row.redirectUri(), row.clientState(), row.codeChallenge(),
                    row.codeChallengeMethod(), row.nonce(), row.consentStateHash(), row.codeHash(),
                    utc(row.codeIssuedAt()), utc(row.codeExpiresAt()), row.codeConsumed() ? now() : null,
                    row.accessTokenHash(), utc(row.accessTokenIssuedAt()), utc(row.accessTokenExpiresAt()),
                    row.accessTokenScopes(), row.refreshTokenHash(), utc(row.refreshTokenIssuedAt()),
                    utc(row.refreshTokenExpiresAt()), row.revoked() ? now() : null, now(), utc(row.expiresAt()),
                    row.idTokenHash(), utc(row.idTokenIssuedAt()), utc(row.idTokenExpiresAt()), row.subject(),
                    utc(row.authTime()), row.sessionId())
            .update();
    }

    /** Writes the mutable columns of a live grant; {@code condition} narrows the WHERE clause. Returns the row count. */
    private int update(AuthorizationRow row, String condition, Object... conditionParams) {
        List<Object> params = new ArrayList<>(Arrays.asList(row.authorizedScopes(), row.consentStateHash(),
                row.codeHash(), utc(row.codeIssuedAt()), utc(row.codeExpiresAt()), row.codeConsumed() ? now() : null,
                row.accessTokenHash(), utc(row.accessTokenIssuedAt()), utc(row.accessTokenExpiresAt()),
                row.accessTokenScopes(), row.refreshTokenHash(), utc(row.refreshTokenIssuedAt()),
                utc(row.refreshTokenExpiresAt()), utc(row.expiresAt()), row.idTokenHash(), utc(row.idTokenIssuedAt()),
                utc(row.idTokenExpiresAt()), row.subject(), row.id()));
        params.addAll(Arrays.asList(conditionParams));
        return jdbc.sql("UPDATE oauth_authorization SET authorized_scopes = ?, consent_state_hash = ?, code_hash = ?, "
                + "code_issued_at = ?, code_expires_at = ?, code_consumed_at = COALESCE(code_consumed_at, ?), "
                + "access_token_hash = ?, access_token_issued_at = ?, access_token_expires_at = ?, "
                + "access_token_scopes = ?, refresh_token_hash = ?, refresh_token_issued_at = ?, "
                + "refresh_token_expires_at = ?, expires_at = ?, id_token_hash = ?, id_token_issued_at = ?, "
                + "id_token_expires_at = ?, subject = ? WHERE id = ? AND revoked_at IS NULL" + condition)
            .params(params)
            .update();
    }

    /** Redeeming a code: exactly one caller wins; any other revokes what the winner was issued. */
    private void consumeCode(AuthorizationRow row) {
        if (update(row, " AND code_consumed_at IS NULL") == 1) {
            return;
        }
        if (row.accessTokenHash() == null) {
            // Only invalidating the code (a different client presented it): already done by someone else.
            return;
        }
        revoke(row.id(), row.clientId(), "an authorization code was redeemed twice");
        throw invalidGrant("The authorization code has already been used. Codes are single-use; the tokens issued "
                + "with it have been revoked. Start a new authorization request.");
    }

    /** Rotating a refresh token: only the holder of the current one may; a concurrent twin is a replay. */
    private void rotateRefreshToken(AuthorizationRow row, String previousHash) {
        if (update(row, " AND refresh_token_hash = ?", previousHash) == 1) {
            jdbc.sql("INSERT INTO oauth_rotated_refresh_token (token_hash, authorization_id, rotated_at, expires_at) "
                    + "VALUES (?, ?, ?, ?)")
                .params(previousHash, row.id(), now(), utc(row.expiresAt()))
                .update();
            return;
        }
        revoke(row.id(), row.clientId(), "a refresh token was used twice concurrently");
        throw invalidGrant("The refresh token has already been used. Refresh tokens rotate: use the newest one. "
                + "The grant has been revoked; sign in again.");
    }

    private void revoke(String authorizationId, String clientId, String reason) {
        int revoked = jdbc.sql("UPDATE oauth_authorization SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
            .params(now(), authorizationId)
            .update();
        if (revoked == 1) {
            log.warn("Revoked grant {} of client '{}': {}", authorizationId, clientId, reason);
            events.publishEvent(new GrantRevokedEvent(authorizationId, clientId, reason));
        }
    }

    private static OAuth2AuthenticationException invalidGrant(String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, description, null));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
