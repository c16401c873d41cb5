package dev.latchkey.protocol.token;

import java.util.Map;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;

/**
 * Authenticates a confidential client by its secret with Spring's provider, and only that. Spring's provider
 * would also look a redeemed code up to verify PKCE; Latchkey verifies PKCE with the redemption itself, on the
 * grant it finds once ({@link AuthorizationCodeGrantProvider}), so the provider is shown the client's
 * credentials without the grant parameters.
 */
public final class SecretCheckingClientAuthenticationProvider implements AuthenticationProvider {

    private final ClientSecretAuthenticationProvider secrets;

    public SecretCheckingClientAuthenticationProvider(ClientSecretAuthenticationProvider secrets) {
        this.secrets = secrets;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        OAuth2ClientAuthenticationToken client = (OAuth2ClientAuthenticationToken) authentication;
        return secrets.authenticate(new OAuth2ClientAuthenticationToken(client.getPrincipal().toString(),
                client.getClientAuthenticationMethod(), client.getCredentials(), Map.of()));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return secrets.supports(authentication);
    }
}
