package dev.latchkey.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An application registered with Latchkey: an OAuth client (RFC 6749 §2). The secret, when there is
 * one, is held only as its SHA-256 hash.
 *
 * @param requireDPoP tokens only with a DPoP proof (RFC 9449 §5.2, {@code dpop_bound_access_tokens}), whose
 * server nonce is required too (RFC 9449 §8)
 * @param requirePushedRequests authorization requests only as a {@code request_uri} from the pushed
 * authorization request endpoint (RFC 9126 §6, {@code require_pushed_authorization_requests})
 * @param accessTokenFormat {@code reference} or {@code jwt}; {@code null} for the server's
 * {@code latchkey.tokens.access-token-format}
 * @param accessTokenSigningAlgorithm for JWT access tokens, {@code ES256} or {@code RS256}; {@code null} for the
 * server's {@code latchkey.tokens.access-token-signing-algorithm}
 */
public record Application(
        String clientId,
        String name,
        ClientType type,
        String secretHash,
        Instant secretCreatedAt,
        Set<String> grantTypes,
        List<String> redirectUris,
        Set<String> scopes,
        List<String> allowedOrigins,
        boolean skipAuthorization,
        boolean allowPlainPkce,
        Duration accessTokenTimeToLive,
        Duration refreshTokenTimeToLive,
        Duration authorizationCodeTimeToLive,
        List<String> postLogoutRedirectUris,
        String idTokenSigningAlgorithm,
        boolean requireDPoP,
        boolean requirePushedRequests,
        String accessTokenFormat,
        String accessTokenSigningAlgorithm) {

    /** ID token algorithms an application may choose; RS256 is OpenID Connect's default (Core §15.1). */
    public static final List<String> ID_TOKEN_SIGNING_ALGORITHMS = List.of("RS256", "ES256");

    /** The forms of access token an application may choose; unset, the server's default applies. */
    public static final List<String> ACCESS_TOKEN_FORMATS = List.of("reference", "jwt");

    /** The algorithms of JWT access tokens an application may choose; unset, the server's default applies. */
    public static final List<String> ACCESS_TOKEN_SIGNING_ALGORITHMS = List.of("ES256", "RS256");

    public Application {
        grantTypes = Set.copyOf(grantTypes);
        redirectUris = List.copyOf(redirectUris);
        postLogoutRedirectUris = postLogoutRedirectUris == null ? List.of() : List.copyOf(postLogoutRedirectUris);
        idTokenSigningAlgorithm = idTokenSigningAlgorithm == null ? "RS256" : idTokenSigningAlgorithm;
        scopes = Set.copyOf(scopes);
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    public boolean isPublic() {
        return type == ClientType.PUBLIC;
    }

    public Application withSecretHash(String newSecretHash, Instant createdAt) {
        return new Application(clientId, name, type, newSecretHash, createdAt, grantTypes, redirectUris, scopes,
                allowedOrigins, skipAuthorization, allowPlainPkce, accessTokenTimeToLive, refreshTokenTimeToLive,
                authorizationCodeTimeToLive, postLogoutRedirectUris, idTokenSigningAlgorithm, requireDPoP,
                requirePushedRequests, accessTokenFormat, accessTokenSigningAlgorithm);
    }
}
