package dev.latchkey.protocol.oidc;

import java.util.function.Consumer;

import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;

import dev.latchkey.authorization.StoredGrant.AuthorizationRequest;
import dev.latchkey.protocol.errors.OAuth2Errors;

/**
 * Replaces Spring's check of a verified logout request (whether its redirect is registered is decided when it is
 * answered, {@link LogoutResponseHandler}): a {@code state} longer than an authorization request may carry is
 * refused before the session ends, since repeating it would make the redirect too long to send.
 */
public final class LogoutStateValidator implements Consumer<OidcLogoutAuthenticationContext> {

    @Override
    public void accept(OidcLogoutAuthenticationContext context) {
        OidcLogoutAuthenticationToken logout = context.getAuthentication();
        String state = logout.getState();
        if (state != null && state.length() > AuthorizationRequest.MAX_STATE_LENGTH) {
            throw OAuth2Errors.invalidRequest("state has " + state.length() + " characters: at most "
                    + AuthorizationRequest.MAX_STATE_LENGTH + " are accepted");
        }
    }
}
