package dev.latchkey.authorization;

/**
 * Published once for every grant that a revocation ended: the grant's code, tokens and rotated refresh
 * tokens stop working together. Carries no token, only what identifies the grant and why.
 */
public record GrantRevokedEvent(String authorizationId, String clientId, String principalName, Cause cause,
        String reason) {

    public enum Cause {
        /** The server found a code used twice (RFC 9700 §4.2.4). */
        CODE_REPLAY,
        /** The server found a rotated refresh token used again (RFC 9700 §4.14.2). */
        REFRESH_TOKEN_REPLAY,
        /** The client revoked one of its tokens (RFC 7009). */
        CLIENT,
        /** An operator, through the console or the management API. */
        OPERATOR,
        /** The user, from their connected applications. */
        USER;

        /** Whether the server found a code or refresh token used twice. */
        public boolean replay() {
            return this == CODE_REPLAY || this == REFRESH_TOKEN_REPLAY;
        }
    }
}
