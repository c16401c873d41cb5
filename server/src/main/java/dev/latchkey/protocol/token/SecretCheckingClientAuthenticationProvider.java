package dev.latchkey.protocol.token;

import java.time.Instant;
import java.util.Map;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import dev.latchkey.guard.Admission;
import dev.latchkey.guard.BruteForceGuard;
import dev.latchkey.protocol.errors.OAuth2Errors;

/**
 * Authenticates a confidential client by its secret with Spring's provider, and only that. Spring's provider
 * would also look a redeemed code up to verify PKCE; Latchkey verifies PKCE with the redemption itself, on the
 * grant it finds once ({@link AuthorizationCodeGrantProvider}), so the provider is shown the client's
 * credentials without the grant parameters. Wrong secrets of an existing application count against it
 * ({@link BruteForceGuard}): once it is held back, every authentication of it is refused with 429 until the wait
 * ends, while other clients go on as before.
 */
public final class SecretCheckingClientAuthenticationProvider implements AuthenticationProvider {

    private final ClientSecretAuthenticationProvider secrets;

    private final RegisteredClientRepository clients;

    private final BruteForceGuard guard;

    public SecretCheckingClientAuthenticationProvider(ClientSecretAuthenticationProvider secrets,
            RegisteredClientRepository clients, BruteForceGuard guard) {
        this.secrets = secrets;
        this.clients = clients;
        this.guard = guard;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        OAuth2ClientAuthenticationToken client = (OAuth2ClientAuthenticationToken) authentication;
        String clientId = client.getPrincipal().toString();
        refuseWhenHeldBack(clientId, guard.admitClient(clientId));
        try {
            return secrets.authenticate(new OAuth2ClientAuthenticationToken(clientId,
                    client.getClientAuthenticationMethod(), client.getCredentials(), Map.of()));
        }
        catch (OAuth2AuthenticationException ex) {
            // An unknown client_id has no secret to guess: only an existing application's failures count.
            if (OAuth2ErrorCodes.INVALID_CLIENT.equals(ex.getError().getErrorCode())
                    && clients.findByClientId(clientId) != null) {
                refuseWhenHeldBack(clientId, guard.clientFailed(clientId));
            }
            throw ex;
        }
    }

    private static void refuseWhenHeldBack(String clientId, Admission admission) {
        if (!admission.allowed()) {
            throw OAuth2Errors.tooManyAttempts(clientId, admission.retryAfterSeconds(Instant.now()));
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return secrets.supports(authentication);
    }
}
