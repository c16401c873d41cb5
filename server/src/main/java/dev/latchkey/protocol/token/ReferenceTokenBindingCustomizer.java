package dev.latchkey.protocol.token;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenClaimsContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

import dev.latchkey.protocol.dpop.DPoPConfirmation;

/**
 * Binds a reference access token to the key of the DPoP proof it was requested with, as a JWT is bound
 * ({@code cnf.jkt}, RFC 9449 §6): the grant store keeps the thumbprint with the token's hash, and resource
 * servers learn it from introspection (RFC 9449 §6.2).
 */
public final class ReferenceTokenBindingCustomizer implements OAuth2TokenCustomizer<OAuth2TokenClaimsContext> {

    @Override
    public void customize(OAuth2TokenClaimsContext context) {
        Jwt proof = context.get(OAuth2TokenContext.DPOP_PROOF_KEY);
        if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType()) && proof != null) {
            context.getClaims().claim(DPoPConfirmation.CLAIM, DPoPConfirmation.of(proof));
        }
    }
}
