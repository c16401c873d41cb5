package dev.latchkey.protocol.dpop;

import java.util.Map;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The confirmation claim that binds an access token to the key of the DPoP proof it was issued with (RFC 9449
 * §6.1): {@code "cnf": {"jkt": <JWK SHA-256 thumbprint>}}. Spring reads it back to answer {@code token_type: DPoP}.
 */
public final class DPoPConfirmation {

    public static final String CLAIM = "cnf";

    public static final String THUMBPRINT = "jkt";

    private DPoPConfirmation() {
    }

    /** The claim's value for a token issued with this verified proof. */
    public static Map<String, Object> of(Jwt proof) {
        return Map.of(THUMBPRINT, DPoPProofs.thumbprintOf(proof.getTokenValue()));
    }

    /** The thumbprint a token with these claims is bound to, else {@code null}. */
    public static String thumbprintOf(Map<String, Object> claims) {
        return claims != null && claims.get(CLAIM) instanceof Map<?, ?> confirmation
                && confirmation.get(THUMBPRINT) instanceof String thumbprint ? thumbprint : null;
    }
}
