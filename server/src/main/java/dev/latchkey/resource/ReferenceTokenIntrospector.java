package dev.latchkey.resource;

import java.util.Collection;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionAuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * Introspects a reference access token in-process: the same lookup the introspection endpoint makes (by the
 * token's hash), without the HTTP round trip a separate resource server would need. An unknown, expired or
 * revoked token is refused as {@code invalid_token}.
 */
public final class ReferenceTokenIntrospector implements OpaqueTokenIntrospector {

    private final OAuth2AuthorizationService authorizations;

    public ReferenceTokenIntrospector(OAuth2AuthorizationService authorizations) {
        this.authorizations = authorizations;
    }

    @Override
    public OAuth2AuthenticatedPrincipal introspect(String token) {
        OAuth2Authorization authorization = authorizations.findByToken(token, OAuth2TokenType.ACCESS_TOKEN);
        OAuth2Authorization.Token<OAuth2AccessToken> accessToken = authorization == null ? null
                : authorization.getAccessToken();
        if (accessToken == null) {
            throw new BadOpaqueTokenException("The access token is not known");
        }
        if (!accessToken.isActive()) {
            throw new BadOpaqueTokenException("The access token has expired or been revoked");
        }
        return new OAuth2IntrospectionAuthenticatedPrincipal(authorization.getPrincipalName(), accessToken.getClaims(),
                scopeAuthorities(accessToken.getToken().getScopes()));
    }

    /** The same authorities Spring derives from a JWT's {@code scope} claim, so one rule serves both forms. */
    private static Collection<GrantedAuthority> scopeAuthorities(Collection<String> scopes) {
        return scopes.stream().<GrantedAuthority>map(scope -> new SimpleGrantedAuthority("SCOPE_" + scope)).toList();
    }
}
