package dev.latchkey.authorization;

import java.util.Map;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

/**
 * The confirmation claim of a DPoP-bound access token as the grant tables keep it (RFC 9449 §6.1):
 * {@code "cnf": {"jkt": <JWK SHA-256 thumbprint>}}, stored as the thumbprint alone ({@code dpop_jkt}).
 */
final class KeyConfirmation {

    static final String CLAIM = "cnf";

    private static final String THUMBPRINT = "jkt";

    private KeyConfirmation() {
    }

    /** The thumbprint of the key this token is bound to, else {@code null} (also for no token). */
    static String thumbprintOf(OAuth2Authorization.Token<?> token) {
        Map<String, Object> claims = token == null ? null : token.getClaims();
        return claims != null && claims.get(CLAIM) instanceof Map<?, ?> confirmation
                && confirmation.get(THUMBPRINT) instanceof String thumbprint ? thumbprint : null;
    }

    /** The claim's value for a token bound to the key with this thumbprint. */
    static Map<String, Object> of(String thumbprint) {
        return Map.of(THUMBPRINT, thumbprint);
    }
}
