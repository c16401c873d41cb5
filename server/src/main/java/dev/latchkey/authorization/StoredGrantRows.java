package dev.latchkey.authorization;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

import dev.latchkey.authorization.StoredGrant.AuthorizationRequest;
import dev.latchkey.authorization.StoredGrant.SignIn;

/** The one place where an {@code oauth_authorization} row and a {@link StoredGrant} turn into each other. */
final class StoredGrantRows {

    static final String COLUMNS = "id, client_id, principal_name, grant_type, requested_scopes, authorized_scopes, "
            + "redirect_uri, client_state, code_challenge, code_challenge_method, nonce, consent_state_hash, code_hash, "
            + "code_issued_at, code_expires_at, code_consumed_at, access_token_hash, access_token_issued_at, "
            + "access_token_expires_at, access_token_scopes, refresh_token_hash, refresh_token_issued_at, "
            + "refresh_token_expires_at, id_token_hash, id_token_issued_at, id_token_expires_at, subject, auth_time, "
            + "session_id, revoked_at, created_at, expires_at, dpop_jkt, request_uri_hash, request_parameters";

    static final String PLACEHOLDERS = String.join(", ", Collections.nCopies(COLUMNS.split(",").length, "?"));

    private static final String AUTHORIZATION_CODE = "authorization_code";

    private StoredGrantRows() {
    }

    static StoredGrant map(ResultSet rs, int row) throws SQLException {
        String grantType = rs.getString("grant_type");
        Instant authTime = instant(rs, "auth_time");
        String sessionId = rs.getString("session_id");
        return new StoredGrant(rs.getString("id"), rs.getString("client_id"), rs.getString("principal_name"),
                grantType, split(rs.getString("authorized_scopes")),
                AUTHORIZATION_CODE.equals(grantType) ? new AuthorizationRequest(split(rs.getString("requested_scopes")),
                        rs.getString("redirect_uri"), rs.getString("client_state"), rs.getString("code_challenge"),
                        rs.getString("code_challenge_method"), rs.getString("nonce"),
                        decode(rs.getString("request_parameters"))) : null,
                rs.getString("consent_state_hash"), token(rs, "code"), instant(rs, "code_consumed_at"),
                token(rs, "access_token"), split(rs.getString("access_token_scopes")), token(rs, "refresh_token"),
                token(rs, "id_token"), rs.getString("subject"),
                sessionId == null && authTime == null ? null : new SignIn(sessionId, authTime),
                instant(rs, "revoked_at"), instant(rs, "created_at"), instant(rs, "expires_at"),
                rs.getString("dpop_jkt"), rs.getString("request_uri_hash"));
    }

    /** The values of {@link #COLUMNS}, in order, for an INSERT. */
    static List<Object> values(StoredGrant grant) {
        AuthorizationRequest request = grant.request();
        return Arrays.asList(grant.id(), grant.clientId(), grant.principalName(), grant.grantType(),
                request == null ? "" : join(request.requestedScopes()), join(grant.authorizedScopes()),
                request == null ? null : request.redirectUri(), request == null ? null : request.state(),
                request == null ? null : request.codeChallenge(), request == null ? null : request.codeChallengeMethod(),
                request == null ? null : request.nonce(), grant.consentStateHash(), hash(grant.code()),
                issuedAt(grant.code()), expiresAt(grant.code()), utc(grant.codeConsumedAt()), hash(grant.accessToken()),
                issuedAt(grant.accessToken()), expiresAt(grant.accessToken()),
                grant.accessToken() == null ? null : join(grant.accessTokenScopes()), hash(grant.refreshToken()),
                issuedAt(grant.refreshToken()), expiresAt(grant.refreshToken()), hash(grant.idToken()),
                issuedAt(grant.idToken()), expiresAt(grant.idToken()), grant.subject(),
                grant.signIn() == null ? null : utc(grant.signIn().authenticatedAt()),
                grant.signIn() == null ? null : grant.signIn().sessionId(), utc(grant.revokedAt()),
                utc(grant.createdAt()), utc(grant.expiresAt()), grant.dpopJkt(), grant.requestUriHash(),
                request == null ? null : encode(request.otherParameters()));
    }

    /** The parameters form-encoded (RFC 6749 Appendix B), {@code null} when there are none. */
    static String encode(Map<String, List<String>> parameters) {
        if (parameters.isEmpty()) {
            return null;
        }
        StringJoiner encoded = new StringJoiner("&");
        parameters.forEach((name, values) -> values.forEach(value -> encoded
            .add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))));
        return encoded.toString();
    }

    private static Map<String, List<String>> decode(String encoded) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (encoded != null) {
            for (String pair : encoded.split("&")) {
                int equals = pair.indexOf('=');
                parameters.computeIfAbsent(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        name -> new ArrayList<>()).add(URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    /** Whether the database is PostgreSQL (else H2). */
    static boolean isPostgres(DataSource dataSource) {
        try {
            return "PostgreSQL".equals(JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName));
        }
        catch (MetaDataAccessException ex) {
            throw new IllegalStateException("Cannot tell which database this is", ex);
        }
    }

    static String join(Set<String> values) {
        return values == null ? "" : String.join(" ", values);
    }

    static Set<String> split(String value) {
        return value == null || value.isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(value.trim().split(" +")));
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static String hash(StoredToken token) {
        return token == null ? null : token.hash();
    }

    static OffsetDateTime issuedAt(StoredToken token) {
        return token == null ? null : utc(token.issuedAt());
    }

    static OffsetDateTime expiresAt(StoredToken token) {
        return token == null ? null : utc(token.expiresAt());
    }

    private static StoredToken token(ResultSet rs, String prefix) throws SQLException {
        String hash = rs.getString(prefix + "_hash");
        return hash == null ? null : new StoredToken(hash, instant(rs, prefix + "_issued_at"), instant(rs, prefix + "_expires_at"));
    }
}
