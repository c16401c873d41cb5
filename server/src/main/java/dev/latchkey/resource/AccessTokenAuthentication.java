package dev.latchkey.resource;

import java.util.Map;
import java.util.function.Predicate;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2TokenIntrospectionClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.DPoPAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;

import dev.latchkey.authorization.GrantAuthorizationService;
import dev.latchkey.protocol.dpop.DPoPConfirmation;
import dev.latchkey.protocol.dpop.DPoPProofs;
import dev.latchkey.protocol.errors.OAuth2Errors;

/**
 * Authenticates an access token in whichever form Latchkey issued it: a JWT (three dot-separated parts) is
 * verified by the {@link JwtDecoder} and then, since this runs inside the server, checked against its grant (not
 * revoked, still the grant's current token); anything else is looked up as a reference token. Either way the
 * authentication is named after the grant's principal, the username (or a client_credentials token's client):
 * tokens carry the user's opaque id as {@code sub}, never the username. Both forms are accepted whatever
 * {@code latchkey.tokens.access-token-format} says now, so changing the setting does not break tokens already
 * issued.
 * <p>
 * A token bound to a DPoP key (RFC 9449 §6, {@code cnf.jkt}) is accepted only with the {@code DPoP} scheme and a
 * proof by that key ({@link #dpop()}); sent as a bearer token it is refused, since whoever stole it could (RFC
 * 9449 §7.2). Chains plug {@link #bearer()} in as their JWT configurer's authentication manager: Spring's
 * authorization server configures UserInfo with {@code jwt()}, which excludes a manager resolver. Neither is an
 * {@link AuthenticationManager} bean: Spring Security would take one for the form login's.
 */
public final class AccessTokenAuthentication {

    private final AuthenticationManager jwts;

    private final AuthenticationManager references;

    private final AuthenticationManager bearer = this::authenticateBearer;

    private final AuthenticationProvider dpop;

    /**
     * @param nonceRequired whether the application of this client_id requires server nonces in DPoP proofs
     */
    public AccessTokenAuthentication(JwtDecoder jwtDecoder, GrantAuthorizationService grants, DPoPProofs proofs,
            Predicate<String> nonceRequired) {
        JwtAuthenticationProvider jwtProvider = new JwtAuthenticationProvider(jwtDecoder);
        JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
        jwtProvider.setJwtAuthenticationConverter(jwt -> new JwtAuthenticationToken(jwt, scopes.convert(jwt),
                grants.findActiveAccessTokenPrincipal(jwt.getTokenValue())
                    .orElseThrow(() -> new InvalidBearerTokenException("The access token has been revoked"))));
        this.jwts = new ProviderManager(jwtProvider);
        this.references = new ProviderManager(new OpaqueTokenAuthenticationProvider(new ReferenceTokenIntrospector(grants)));
        this.dpop = new DPoPAccessTokenProvider(proofs, nonceRequired);
    }

    /** Bearer tokens ({@code Authorization: Bearer}, RFC 6750); never one bound to a DPoP key. */
    public AuthenticationManager bearer() {
        return bearer;
    }

    /** DPoP-bound tokens with their proof ({@code Authorization: DPoP} and a {@code DPoP} header, RFC 9449 §7). */
    public AuthenticationProvider dpop() {
        return dpop;
    }

    private Authentication authenticateBearer(Authentication authentication) {
        Authentication token = eitherForm(((BearerTokenAuthenticationToken) authentication).getToken());
        if (boundThumbprint(token) != null) {
            throw new InvalidBearerTokenException("This access token is bound to a DPoP key: send it as "
                    + "'Authorization: DPoP <token>' with a DPoP proof signed by that key (RFC 9449 section 7)");
        }
        return token;
    }

    private Authentication eitherForm(String token) {
        return (token.indexOf('.') >= 0 ? jwts : references).authenticate(new BearerTokenAuthenticationToken(token));
    }

    private static Map<String, Object> attributes(Authentication token) {
        return ((AbstractOAuth2TokenAuthenticationToken<?>) token).getTokenAttributes();
    }

    private static String boundThumbprint(Authentication token) {
        return DPoPConfirmation.thumbprintOf(attributes(token));
    }

    /**
     * The token must be bound to the key of the proof, and the proof be valid for this request and this token
     * ({@code ath}), with a server nonce where the token's application requires DPoP, and presented once.
     */
    private final class DPoPAccessTokenProvider implements AuthenticationProvider {

        private final DPoPProofs proofs;

        private final Predicate<String> nonceRequired;

        DPoPAccessTokenProvider(DPoPProofs proofs, Predicate<String> nonceRequired) {
            this.proofs = proofs;
            this.nonceRequired = nonceRequired;
        }

        @Override
        public Authentication authenticate(Authentication authentication) {
            DPoPAuthenticationToken request = (DPoPAuthenticationToken) authentication;
            Authentication token = eitherForm(request.getAccessToken());
            String thumbprint = boundThumbprint(token);
            if (thumbprint == null) {
                throw OAuth2Errors.refusal("invalid_token", "This access token is not bound to a DPoP key: send it as "
                        + "'Authorization: Bearer <token>'");
            }
            Object clientId = attributes(token).get(OAuth2TokenIntrospectionClaimNames.CLIENT_ID);
            proofs.verify(request.getDPoPProof(), new DPoPProofs.Expected(request.getMethod(), request.getResourceUri(),
                    request.getAccessToken(), thumbprint, clientId instanceof String id && nonceRequired.test(id)));
            return token;
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return DPoPAuthenticationToken.class.isAssignableFrom(authentication);
        }
    }
}
