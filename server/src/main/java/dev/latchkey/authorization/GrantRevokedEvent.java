package dev.latchkey.authorization;

/**
 * Published when a grant (a code and the token family issued for it) is revoked: by the server because a
 * code or refresh token was replayed, by a client (RFC 7009), or by an operator or the user. Carries no
 * token, only what identifies the grant.
 */
public record GrantRevokedEvent(String authorizationId, String clientId, String reason) {
}
