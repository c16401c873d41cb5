package dev.latchkey.resource;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;

import dev.latchkey.authorization.GrantAuthorizationService;

/**
 * Authenticates a bearer access token in whichever form Latchkey issued it: a JWT (three dot-separated
 * parts) is verified by the {@link JwtDecoder} and then, since this runs inside the server, checked against
 * its grant (not revoked, still the grant's current token); anything else is looked up as a reference token.
 * Either way the authentication is named after the grant's principal, the username (or a client_credentials
 * token's client): tokens carry the user's opaque id as {@code sub}, never the username. Both forms are
 * accepted whatever {@code latchkey.tokens.access-token-format} says now, so changing the setting does not break
 * tokens already issued. Chains plug it in as their JWT configurer's authentication manager: Spring's
 * authorization server configures UserInfo with {@code jwt()}, which excludes a manager resolver. Not itself an
 * {@link AuthenticationManager} bean: Spring Security would take one for the form login's.
 */
public final class AccessTokenAuthentication {

    private final AuthenticationManager jwts;

    private final AuthenticationManager references;

    private final AuthenticationManager eitherForm = this::authenticate;

    public AccessTokenAuthentication(JwtDecoder jwtDecoder, GrantAuthorizationService grants) {
        JwtAuthenticationProvider jwtProvider = new JwtAuthenticationProvider(jwtDecoder);
        JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
        jwtProvider.setJwtAuthenticationConverter(jwt -> new JwtAuthenticationToken(jwt, scopes.convert(jwt),
                grants.findActiveAccessTokenPrincipal(jwt.getTokenValue())
                    .orElseThrow(() -> new InvalidBearerTokenException("The access token has been revoked"))));
        this.jwts = new ProviderManager(jwtProvider);
        this.references = new ProviderManager(new OpaqueTokenAuthenticationProvider(new ReferenceTokenIntrospector(grants)));
    }

    public AuthenticationManager manager() {
        return eitherForm;
    }

    private Authentication authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        return (token.indexOf('.') >= 0 ? jwts : references).authenticate(authentication);
    }
}
