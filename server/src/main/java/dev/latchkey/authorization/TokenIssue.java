package dev.latchkey.authorization;

import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The tokens one redemption or refresh issued, to be stored with their grant in the same statement that
 * makes the redemption or rotation happen at most once.
 *
 * @param refreshToken {@code null} when none was issued
 * @param idToken {@code null} when none was issued (no {@code openid} scope)
 * @param subject the ID token's {@code sub}, with the ID token
 * @param dpopJkt the JWK thumbprint the access token is bound to (RFC 9449 §6), {@code null} for a bearer token
 */
public record TokenIssue(StoredToken accessToken, Set<String> accessTokenScopes, StoredToken refreshToken,
        StoredToken idToken, String subject, String dpopJkt) {

    public TokenIssue {
        accessTokenScopes = StoredGrant.ordered(accessTokenScopes);
    }

    /** The grant lives as long as the last of these tokens. */
    Instant lastExpiry() {
        return Stream.of(accessToken, refreshToken, idToken)
            .filter(token -> token != null && token.expiresAt() != null)
            .map(StoredToken::expiresAt)
            .max(Instant::compareTo)
            .orElseThrow();
    }
}
