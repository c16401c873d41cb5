package dev.latchkey.protocol;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;

import dev.latchkey.authorization.JdbcAuthorizationService;
import dev.latchkey.authorization.RefreshTokenStatus;

/**
 * Explains why a refresh token was refused: already used (rotation, and what that did), revoked,
 * expired, another client's, or unknown.
 */
public final class RefreshTokenDiagnosis {

    private final JdbcAuthorizationService authorizations;

    public RefreshTokenDiagnosis(JdbcAuthorizationService authorizations) {
        this.authorizations = authorizations;
    }

    public String describe(Authentication authentication) {
        OAuth2RefreshTokenAuthenticationToken grant = (OAuth2RefreshTokenAuthenticationToken) authentication;
        RefreshTokenStatus status = authorizations.refreshTokenStatus(grant.getRefreshToken());
        return switch (status.state()) {
            case ROTATED -> "refresh_token has already been used: refresh tokens rotate and each works once. Using an "
                    + "old one again looks like theft, so the whole grant has been revoked; sign in again";
            case REVOKED -> "refresh_token has been revoked (by the user, an operator, a sign-out or a detected replay); "
                    + "sign in again";
            case EXPIRED -> "refresh_token has expired; sign in again";
            case ACTIVE -> status.clientId().equals(ClientOf.clientId(grant.getPrincipal()))
                    ? "refresh_token cannot be used"
                    : "refresh_token was issued to another client: only the client_id it was issued to may use it";
            case UNKNOWN -> "refresh_token is unknown: it was never issued here, or expired and was cleaned up; "
                    + "sign in again";
        };
    }
}
