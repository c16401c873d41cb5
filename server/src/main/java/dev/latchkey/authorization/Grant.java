package dev.latchkey.authorization;

import java.time.Instant;
import java.util.Set;

/**
 * A live grant as an operator or its user sees it: who (the user, or the application itself for
 * client_credentials), which application, which scopes, when it was authorized and when its last token
 * expires. Nothing in it can be used as a credential.
 */
public record Grant(String id, String clientId, String principalName, String grantType, Set<String> scopes,
        Instant authorizedAt, Instant expiresAt) {

    public Grant {
        scopes = Set.copyOf(scopes);
    }

    public boolean isClientCredentials() {
        return "client_credentials".equals(grantType);
    }
}
