package dev.latchkey.protocol;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;

import dev.latchkey.authorization.JdbcAuthorizationService;
import dev.latchkey.authorization.RefreshTokenStatus;

/**
 * Wraps Spring's refresh token grant provider so that its bare {@code invalid_grant} says why: already
 * used (rotation, and what that did), revoked, expired, another client's, or unknown.
 */
public final class DescribedRefreshTokenProvider implements AuthenticationProvider {

    private final AuthenticationProvider delegate;

    private final JdbcAuthorizationService authorizations;

    public DescribedRefreshTokenProvider(AuthenticationProvider delegate, JdbcAuthorizationService authorizations) {
        this.delegate = delegate;
        this.authorizations = authorizations;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        try {
            return delegate.authenticate(authentication);
        }
        catch (OAuth2AuthenticationException ex) {
            String description = ex.getError().getDescription();
            if (!OAuth2ErrorCodes.INVALID_GRANT.equals(ex.getError().getErrorCode())
                    || (description != null && !description.isEmpty())) {
                throw ex;
            }
            OAuth2RefreshTokenAuthenticationToken grant = (OAuth2RefreshTokenAuthenticationToken) authentication;
            String clientId = grant.getPrincipal() instanceof OAuth2ClientAuthenticationToken client
                    && client.getRegisteredClient() != null ? client.getRegisteredClient().getClientId() : null;
            throw OAuth2Errors.invalidGrant(describe(authorizations.refreshTokenStatus(grant.getRefreshToken()), clientId));
        }
    }

    private static String describe(RefreshTokenStatus status, String clientId) {
        return switch (status.state()) {
            case ROTATED -> "refresh_token has already been used: refresh tokens rotate and each works once. Using an "
                    + "old one again looks like theft, so the whole grant has been revoked; sign in again";
            case REVOKED -> "refresh_token has been revoked (by the user, an operator, a sign-out or a detected replay); "
                    + "sign in again";
            case EXPIRED -> "refresh_token has expired; sign in again";
            case ACTIVE -> status.clientId().equals(clientId) ? "refresh_token cannot be used"
                    : "refresh_token was issued to another client: only the client_id it was issued to may use it";
            case UNKNOWN -> "refresh_token is unknown: it was never issued here, or expired and was cleaned up; "
                    + "sign in again";
        };
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }
}
