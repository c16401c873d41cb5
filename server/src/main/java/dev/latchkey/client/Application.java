package dev.latchkey.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An application registered with Latchkey: an OAuth client (RFC 6749 §2). The secret, when there is
 * one, is held only as its SHA-256 hash.
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
        Duration authorizationCodeTimeToLive) {

    public Application {
        grantTypes = Set.copyOf(grantTypes);
        redirectUris = List.copyOf(redirectUris);
        scopes = Set.copyOf(scopes);
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    public boolean isPublic() {
        return type == ClientType.PUBLIC;
    }

    public Application withSecretHash(String newSecretHash, Instant createdAt) {
        return new Application(clientId, name, type, newSecretHash, createdAt, grantTypes, redirectUris, scopes,
                allowedOrigins, skipAuthorization, allowPlainPkce, accessTokenTimeToLive, refreshTokenTimeToLive,
                authorizationCodeTimeToLive);
    }
}
