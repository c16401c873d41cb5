package dev.latchkey.protocol.authorize;

import java.util.function.Predicate;

import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;

import dev.latchkey.protocol.oidc.Prompts;

/**
 * When the consent page is shown: always for {@code prompt=consent} (OpenID Connect Core §3.1.2.1), even to
 * applications that skip it otherwise; else, as Spring decides, when the application asks for consent and
 * the user has not yet granted every requested scope ({@code openid} alone needs none).
 */
public final class ConsentRequirement implements Predicate<OAuth2AuthorizationCodeRequestAuthenticationContext> {

    @Override
    public boolean test(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
        if (Prompts.of(context.getAuthentication()).contains(Prompts.CONSENT)) {
            return true;
        }
        if (!context.getRegisteredClient().getClientSettings().isRequireAuthorizationConsent()) {
            return false;
        }
        OAuth2AuthorizationRequest request = context.getAuthorizationRequest();
        if (request.getScopes().size() == 1 && request.getScopes().contains(OidcScopes.OPENID)) {
            return false;
        }
        OAuth2AuthorizationConsent consent = context.getAuthorizationConsent();
        return consent == null || !consent.getScopes().containsAll(request.getScopes());
    }
}
