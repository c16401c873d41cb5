package dev.latchkey.protocol.authorize;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import dev.latchkey.authorization.FoundGrant;
import dev.latchkey.authorization.GrantAuthorizationService;
import dev.latchkey.protocol.errors.OAuth2Errors;

/**
 * The user's answer on the consent page. The waiting grant is looked up once, by the page's one-time
 * {@code state}; Spring's provider checks the answer and issues the code, which is stored only if the page was
 * not answered already, so an answer posted twice yields one code. A denial forgets the waiting grant.
 */
public final class ConsentDecisionProvider implements AuthenticationProvider {

    private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

    private final GrantAuthorizationService grants;

    private final RegisteredClientRepository clients;

    private final OAuth2AuthorizationConsentService consents;

    public ConsentDecisionProvider(GrantAuthorizationService grants, RegisteredClientRepository clients,
            OAuth2AuthorizationConsentService consents) {
        this.grants = grants;
        this.clients = clients;
        this.consents = consents;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        OAuth2AuthorizationConsentAuthenticationToken answer = (OAuth2AuthorizationConsentAuthenticationToken) authentication;
        String state = answer.getState();
        OAuth2Authorization grant = state == null ? null : grants.findByToken(state, STATE);
        FoundGrant found = new FoundGrant(grant, state, (waiting, approved) -> approve(state, waiting, approved),
                grants::remove);
        return new OAuth2AuthorizationConsentAuthenticationProvider(clients, found, consents).authenticate(answer);
    }

    private void approve(String state, OAuth2Authorization waiting, OAuth2Authorization approved) {
        if (!grants.approve(state, waiting, approved)) {
            throw OAuth2Errors.unredirectedRefusal(OAuth2ErrorCodes.INVALID_REQUEST, "This consent page was already "
                    + "answered: start again from the application");
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2AuthorizationConsentAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
