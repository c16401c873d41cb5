package dev.latchkey.protocol.authorize;

import java.util.function.Consumer;

import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import dev.latchkey.client.ApplicationClientRepository;
import dev.latchkey.protocol.Endpoints;
import dev.latchkey.protocol.errors.OAuth2Errors;

/**
 * Refuses an authorization request that was not pushed first, for an application that requires pushed requests
 * (RFC 9126 §6: {@code require_pushed_authorization_requests}); the authorization endpoint's check only.
 */
public final class PushedRequestRequirement implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

    @Override
    public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
        RegisteredClient client = context.getRegisteredClient();
        OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
        if (ApplicationClientRepository.isOn(client, ApplicationClientRepository.REQUIRE_PUSHED_REQUESTS)
                && PushedRequestConverter.pushedRequestOf(request) == null) {
            throw OAuth2Errors.redirectedRefusal(request, client, OAuth2ErrorCodes.INVALID_REQUEST,
                    null, "application '" + client.getClientId() + "' requires pushed authorization requests (RFC 9126): "
                            + "POST the authorization request's parameters to " + Endpoints.PUSHED_AUTHORIZATION_REQUEST
                            + " first, then send only client_id and the request_uri it returns here");
        }
    }
}
