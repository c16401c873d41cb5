package dev.latchkey.protocol;

import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;

/** The client id of a grant request's authenticated client, when there is one. */
final class ClientOf {

    private ClientOf() {
    }

    static String clientId(Object principal) {
        return principal instanceof OAuth2ClientAuthenticationToken client && client.getRegisteredClient() != null
                ? client.getRegisteredClient().getClientId() : null;
    }
}
