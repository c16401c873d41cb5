package dev.latchkey.authorization;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One grant as stored: what was authorized, and the code and tokens issued for it (the "family"), each as a
 * hash. A user's grant starts with its authorization request and a code (or a consent {@code state} while the
 * consent page is open); a client_credentials grant has only an access token.
 *
 * @param request the authorization request, {@code null} for client_credentials
 * @param consentStateHash set while the grant waits for the user's consent
 * @param codeConsumedAt when the code was redeemed or burnt (presented by another client)
 * @param accessTokenScopes the scopes of the current access token (a refresh may narrow them)
 * @param subject the {@code sub} of the grant's ID tokens
 * @param signIn the sign-in the grant was made in, {@code null} for client_credentials
 * @param dpopJkt the JWK thumbprint the current access token is bound to (RFC 9449 §6), {@code null} for a bearer
 * token
 * @param requestUriHash set while the grant is a pushed authorization request waiting to be used (RFC 9126)
 */
public record StoredGrant(String id, String clientId, String principalName, String grantType,
        Set<String> authorizedScopes, AuthorizationRequest request, String consentStateHash, StoredToken code,
        Instant codeConsumedAt, StoredToken accessToken, Set<String> accessTokenScopes, StoredToken refreshToken,
        StoredToken idToken, String subject, SignIn signIn, Instant revokedAt, Instant createdAt, Instant expiresAt,
        String dpopJkt, String requestUriHash) {

    public StoredGrant {
        authorizedScopes = ordered(authorizedScopes);
        accessTokenScopes = accessTokenScopes == null ? Set.of() : ordered(accessTokenScopes);
    }

    /** An unmodifiable copy that keeps the order the scopes were granted in (they are echoed in that order). */
    static Set<String> ordered(Set<String> scopes) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    public boolean isCodeConsumed() {
        return codeConsumedAt != null;
    }

    /** Whether tokens were issued for this grant (its code was redeemed, or it is a client_credentials grant). */
    public boolean hasIssuedTokens() {
        return accessToken != null;
    }

    public boolean isPushedRequest() {
        return requestUriHash != null;
    }

    /**
     * The parameters of the authorization request that later steps check or repeat (RFC 6749 §4.1.3, RFC 7636
     * §4.6, OpenID Connect Core §3.1.2.1).
     *
     * @param otherParameters the rest of a pushed request ({@code prompt}, {@code max_age}, ...), which the
     * authorization request made with its {@code request_uri} still needs; empty for every other grant
     */
    public record AuthorizationRequest(Set<String> requestedScopes, String redirectUri, String state,
            String codeChallenge, String codeChallengeMethod, String nonce, Map<String, List<String>> otherParameters) {

        /** The longest {@code state} a grant keeps (and repeats in the authorization response), in characters. */
        public static final int MAX_STATE_LENGTH = 1000;

        /** The longest OpenID Connect {@code nonce} a grant keeps (and puts in its ID tokens), in characters. */
        public static final int MAX_NONCE_LENGTH = 500;

        public AuthorizationRequest {
            requestedScopes = ordered(requestedScopes);
            otherParameters = otherParameters == null ? Map.of() : Collections.unmodifiableMap(
                    new LinkedHashMap<>(otherParameters));
        }
    }

    /** When the user entered their password ({@code auth_time}) and that sign-in's identifier ({@code sid}). */
    public record SignIn(String sessionId, Instant authenticatedAt) {
    }
}
