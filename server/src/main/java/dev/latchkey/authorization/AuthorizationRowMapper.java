package dev.latchkey.authorization;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.core.OAuth2TokenIntrospectionClaimNames;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Component;

import dev.latchkey.config.LatchkeyProperties;
import dev.latchkey.crypto.Hashes;
import dev.latchkey.user.SignInDetails;

/**
 * Rebuilds an {@link OAuth2Authorization} from its row: no serialized objects, no JSON, only the columns
 * Spring's providers read. The access token's claims are rebuilt from the same columns the JWT was made of.
 */
@Component
class AuthorizationRowMapper {

    private static final String SELECT = "SELECT id, client_id, principal_name, grant_type, requested_scopes, "
            + "authorized_scopes, redirect_uri, client_state, code_challenge, code_challenge_method, nonce, "
            + "consent_state_hash, code_hash, code_issued_at, code_expires_at, code_consumed_at, access_token_hash, "
            + "access_token_issued_at, access_token_expires_at, access_token_scopes, refresh_token_hash, "
            + "refresh_token_issued_at, refresh_token_expires_at, revoked_at, id_token_hash, id_token_issued_at, "
            + "id_token_expires_at, subject, auth_time, session_id FROM oauth_authorization WHERE ";

    private final JdbcClient jdbc;

    private final RegisteredClientRepository clients;

    private final String issuer;

    AuthorizationRowMapper(JdbcClient jdbc, RegisteredClientRepository clients, LatchkeyProperties properties) {
        this.jdbc = jdbc;
        this.clients = clients;
        this.issuer = properties.getIssuer();
    }

    /**
     * @param presentedToken the clear code or token the lookup was by, if any
     * @param presentedState the clear consent state the lookup was by, if any
     */
    OAuth2Authorization findOne(String where, String param, String presentedToken, String presentedState) {
        List<OAuth2Authorization> found = jdbc.sql(SELECT + where)
            .param(param)
            .query((rs, row) -> map(rs, presentedToken, presentedState))
            .list();
        return found.isEmpty() ? null : found.get(0);
    }

    private OAuth2Authorization map(ResultSet rs, String presentedToken, String presentedState) throws SQLException {
        RegisteredClient client = clients.findById(rs.getString("client_id"));
        if (client == null) {
            // The application was deleted: its grants die with it.
            return null;
        }
        String presentedHash = presentedToken == null ? null : Hashes.sha256Hex(presentedToken);
        boolean revoked = rs.getObject("revoked_at") != null;
        boolean codeConsumed = rs.getObject("code_consumed_at") != null;
        String principalName = rs.getString("principal_name");
        AuthorizationGrantType grantType = new AuthorizationGrantType(rs.getString("grant_type"));
        Set<String> authorizedScopes = AuthorizationRow.split(rs.getString("authorized_scopes"));

        OAuth2Authorization.Builder builder = OAuth2Authorization.withRegisteredClient(client)
            .id(rs.getString("id"))
            .principalName(principalName)
            .authorizationGrantType(grantType)
            .authorizedScopes(authorizedScopes)
            .attribute(PersistedState.ATTRIBUTE, new PersistedState(codeConsumed,
                    rs.getString("refresh_token_hash"), revoked));

        Instant authTime = instant(rs, "auth_time");
        String sessionId = rs.getString("session_id");
        if (AuthorizationGrantType.AUTHORIZATION_CODE.equals(grantType)) {
            UsernamePasswordAuthenticationToken principal = UsernamePasswordAuthenticationToken
                .authenticated(principalName, null, AuthorityUtils.createAuthorityList("ROLE_USER"));
            if (sessionId != null) {
                principal.setDetails(new SignInDetails(sessionId, authTime));
            }
            builder.attribute(OAuth2AuthorizationRequest.class.getName(), authorizationRequest(rs, client))
                .attribute(AuthorizationRow.PRINCIPAL_ATTRIBUTE, principal);
        }
        String consentStateHash = rs.getString("consent_state_hash");
        if (consentStateHash != null) {
            builder.attribute(OAuth2ParameterNames.STATE, StoredTokens.valueFor(consentStateHash, presentedState,
                    presentedState == null ? null : Hashes.sha256Hex(presentedState)));
        }
        String codeHash = rs.getString("code_hash");
        if (codeHash != null) {
            builder.token(new OAuth2AuthorizationCode(StoredTokens.valueFor(codeHash, presentedToken, presentedHash),
                    instant(rs, "code_issued_at"), instant(rs, "code_expires_at")),
                    metadata -> metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME,
                            codeConsumed));
        }
        String accessHash = rs.getString("access_token_hash");
        if (accessHash != null) {
            Set<String> scopes = AuthorizationRow.split(rs.getString("access_token_scopes"));
            Instant issuedAt = instant(rs, "access_token_issued_at");
            Instant expiresAt = instant(rs, "access_token_expires_at");
            OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
                    StoredTokens.valueFor(accessHash, presentedToken, presentedHash), issuedAt, expiresAt, scopes);
            Map<String, Object> claims = accessTokenClaims(principalName, client.getClientId(), issuedAt, expiresAt, scopes);
            builder.token(accessToken, metadata -> {
                metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, revoked);
                metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims);
            });
        }
        String refreshHash = rs.getString("refresh_token_hash");
        if (refreshHash != null) {
            builder.token(new OAuth2RefreshToken(StoredTokens.valueFor(refreshHash, presentedToken, presentedHash),
                    instant(rs, "refresh_token_issued_at"), instant(rs, "refresh_token_expires_at")),
                    metadata -> metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, revoked));
        }
        String idTokenHash = rs.getString("id_token_hash");
        if (idTokenHash != null) {
            Instant issuedAt = instant(rs, "id_token_issued_at");
            Instant expiresAt = instant(rs, "id_token_expires_at");
            OidcIdToken idToken = new OidcIdToken(StoredTokens.valueFor(idTokenHash, presentedToken, presentedHash),
                    issuedAt, expiresAt, idTokenClaims(rs.getString("subject"), client.getClientId(), issuedAt, expiresAt,
                            authTime, sessionId));
            builder.token(idToken, metadata -> {
                metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, revoked);
                metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, idToken.getClaims());
            });
        }
        return builder.build();
    }

    /**
     * The claims of the grant's last ID token that Spring reads again: the subject and audience (logout), and
     * the sign-in's {@code sid} and {@code auth_time}, which a refreshed ID token repeats (Core §12.2).
     */
    private Map<String, Object> idTokenClaims(String subject, String clientId, Instant issuedAt, Instant expiresAt,
            Instant authTime, String sessionId) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put(IdTokenClaimNames.ISS, issuer);
        claims.put(IdTokenClaimNames.SUB, subject);
        claims.put(IdTokenClaimNames.AUD, List.of(clientId));
        claims.put(IdTokenClaimNames.IAT, issuedAt);
        claims.put(IdTokenClaimNames.EXP, expiresAt);
        if (authTime != null) {
            // Spring reads it back as a Date.
            claims.put(IdTokenClaimNames.AUTH_TIME, Date.from(authTime));
        }
        if (sessionId != null) {
            claims.put("sid", sessionId);
        }
        return claims;
    }

    private OAuth2AuthorizationRequest authorizationRequest(ResultSet rs, RegisteredClient client) throws SQLException {
        Map<String, Object> additional = new HashMap<>();
        putIfPresent(additional, PkceParameterNames.CODE_CHALLENGE, rs.getString("code_challenge"));
        putIfPresent(additional, PkceParameterNames.CODE_CHALLENGE_METHOD, rs.getString("code_challenge_method"));
        putIfPresent(additional, OidcParameterNames.NONCE, rs.getString("nonce"));
        return OAuth2AuthorizationRequest.authorizationCode()
            .authorizationUri(issuer + "/o/authorize/")
            // Given, so the builder does not assemble a URI with every parameter that nobody reads again.
            .authorizationRequestUri(issuer + "/o/authorize/")
            .clientId(client.getClientId())
            .redirectUri(rs.getString("redirect_uri"))
            .scopes(AuthorizationRow.split(rs.getString("requested_scopes")))
            .state(rs.getString("client_state"))
            .additionalParameters(additional)
            .build();
    }

    /** The claims Latchkey puts in its JWT access tokens, as introspection (RFC 7662 §2.2) reports them. */
    private Map<String, Object> accessTokenClaims(String subject, String clientId, Instant issuedAt, Instant expiresAt,
            Set<String> scopes) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put(OAuth2TokenIntrospectionClaimNames.ISS, issuer);
        claims.put(OAuth2TokenIntrospectionClaimNames.SUB, subject);
        claims.put(OAuth2TokenIntrospectionClaimNames.AUD, List.of(clientId));
        claims.put(OAuth2TokenIntrospectionClaimNames.IAT, issuedAt);
        claims.put(OAuth2TokenIntrospectionClaimNames.EXP, expiresAt);
        claims.put(OAuth2TokenIntrospectionClaimNames.SCOPE, List.copyOf(scopes));
        claims.put(OAuth2TokenIntrospectionClaimNames.CLIENT_ID, clientId);
        return claims;
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
