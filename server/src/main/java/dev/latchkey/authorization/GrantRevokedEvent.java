package dev.latchkey.authorization;

/**
 * Published once for every grant that a revocation ended: the grant's code, tokens and rotated refresh
 * tokens stop working together. Carries no token, only what identifies the grant and why.
 */
public record GrantRevokedEvent(String authorizationId, String clientId, String principalName, Cause cause,
        String reason) {

    public enum Cause {
        /** The server found a code or refresh token used twice (RFC 9700 §2.2.2, §4.14.2). */
        REPLAY,
        /** The client revoked one of its tokens (RFC 7009). */
        CLIENT,
        /** An operator, through the console or the management API. */
        OPERATOR,
        /** The user, from their connected applications. */
        USER
    }
}
