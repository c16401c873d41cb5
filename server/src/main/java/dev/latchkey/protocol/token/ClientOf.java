package dev.latchkey.protocol.token;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/** The authenticated client of a grant request, when there is one. */
final class ClientOf {

    private ClientOf() {
    }

    /** {@code null} when the client is not authenticated: Spring's provider then refuses it as invalid_client. */
    static RegisteredClient registeredClient(Authentication grantRequest) {
        return grantRequest.getPrincipal() instanceof OAuth2ClientAuthenticationToken client && client.isAuthenticated()
                ? client.getRegisteredClient() : null;
    }
}
