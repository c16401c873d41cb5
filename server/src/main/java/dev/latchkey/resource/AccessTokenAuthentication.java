package dev.latchkey.resource;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;

/**
 * Authenticates a bearer access token in whichever form Latchkey issued it: a JWT (three dot-separated
 * parts) is verified by the {@link JwtDecoder}; anything else is looked up as a reference token. Both forms
 * are accepted whatever {@code latchkey.tokens.access-token-format} says now, so changing the setting does
 * not break tokens already issued. Chains plug it in as their JWT configurer's authentication manager:
 * Spring's authorization server configures UserInfo with {@code jwt()}, which excludes a manager resolver.
 * Not itself an {@link AuthenticationManager} bean: Spring Security would take one for the form login's.
 */
public final class AccessTokenAuthentication {

    private final AuthenticationManager jwts;

    private final AuthenticationManager references;

    private final AuthenticationManager eitherForm = this::authenticate;

    public AccessTokenAuthentication(JwtDecoder jwtDecoder, OAuth2AuthorizationService authorizations) {
        this.jwts = new ProviderManager(new JwtAuthenticationProvider(jwtDecoder));
        this.references = new ProviderManager(
                new OpaqueTokenAuthenticationProvider(new ReferenceTokenIntrospector(authorizations)));
    }

    public AuthenticationManager manager() {
        return eitherForm;
    }

    private Authentication authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        return (token.indexOf('.') >= 0 ? jwts : references).authenticate(authentication);
    }
}
