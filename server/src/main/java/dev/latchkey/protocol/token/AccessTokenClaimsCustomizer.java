package dev.latchkey.protocol.token;

import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

import dev.latchkey.authorization.GrantAuthorizationService;
import dev.latchkey.client.ApplicationClientRepository;
import dev.latchkey.protocol.dpop.DPoPConfirmation;

/**
 * Shapes JWT access tokens after RFC 9068 §2.2: {@code sub} the grant's subject (the user's stable id, never the
 * username; a client_credentials token's is its client), {@code scope} as one space-separated string and a
 * {@code client_id} claim, so resource servers need no Latchkey-specific parsing; binds them to the key of
 * the DPoP proof they were requested with ({@code cnf.jkt}, RFC 9449 §6.1); and signs them with the application's
 * algorithm ({@link ApplicationClientRepository#ACCESS_TOKEN_SIGNING_ALGORITHM}: its own or the server's default).
 */
public final class AccessTokenClaimsCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

    @Override
    public void customize(JwtEncodingContext context) {
        if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            return;
        }
        SignatureAlgorithm algorithm = context.getRegisteredClient().getTokenSettings()
            .getSetting(ApplicationClientRepository.ACCESS_TOKEN_SIGNING_ALGORITHM);
        context.getJwsHeader().algorithm(algorithm);
        String subject = GrantAuthorizationService.subjectOf(context.getAuthorization());
        if (subject != null) {
            context.getClaims().subject(subject);
        }
        context.getClaims().claim(OAuth2ParameterNames.CLIENT_ID, context.getRegisteredClient().getClientId());
        if (!context.getAuthorizedScopes().isEmpty()) {
            context.getClaims().claim(OAuth2ParameterNames.SCOPE, String.join(" ", context.getAuthorizedScopes()));
        }
        Jwt proof = context.get(OAuth2TokenContext.DPOP_PROOF_KEY);
        if (proof != null) {
            context.getClaims().claim(DPoPConfirmation.CLAIM, DPoPConfirmation.of(proof));
        }
    }
}
