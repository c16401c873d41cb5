package dev.latchkey.protocol.token;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import dev.latchkey.protocol.errors.OAuth2Errors;

/**
 * Identifies a public client by its client_id: it has no secret (RFC 6749 §2.1). What proves such a request is
 * the grant itself: the code with its PKCE verifier, checked with the redemption
 * ({@link AuthorizationCodeGrantProvider}), or the refresh token, which rotates (RFC 9700 §4.14.2); revoking
 * its own tokens needs nothing more (RFC 7009 §2.1). Spring's own public-client provider is not used: it would
 * look a redeemed code up a second time to verify PKCE.
 */
public final class SecretlessClientAuthenticationProvider implements AuthenticationProvider {

    private final RegisteredClientRepository clients;

    public SecretlessClientAuthenticationProvider(RegisteredClientRepository clients) {
        this.clients = clients;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        OAuth2ClientAuthenticationToken token = (OAuth2ClientAuthenticationToken) authentication;
        if (!ClientAuthenticationMethod.NONE.equals(token.getClientAuthenticationMethod())) {
            return null;
        }
        RegisteredClient client = clients.findByClientId(token.getPrincipal().toString());
        if (client == null || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
            throw OAuth2Errors.invalidClient("Client authentication failed: the client_id is unknown, or the "
                    + "application is confidential and must authenticate with its secret (HTTP Basic)");
        }
        return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
