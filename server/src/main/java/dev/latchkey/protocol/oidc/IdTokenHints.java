package dev.latchkey.protocol.oidc;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * Reads an {@code id_token_hint} (OpenID Connect Core §3.1.2.1): an ID token this server issued, checked
 * by signature against the published keys and by issuer. It may have expired: a hint names a user, it
 * grants nothing.
 */
public final class IdTokenHints {

    private final NimbusJwtDecoder decoder;

    public IdTokenHints(JWKSource<SecurityContext> publishedKeys, String issuer) {
        this.decoder = NimbusJwtDecoder.withJwkSource(publishedKeys)
            .jwsAlgorithms(algorithms -> {
                algorithms.add(SignatureAlgorithm.RS256);
                algorithms.add(SignatureAlgorithm.ES256);
            })
            .build();
        this.decoder.setJwtValidator(new JwtIssuerValidator(issuer));
    }

    /** The verified hint, or {@code null} when it is not an ID token of this server. */
    public Jwt read(String idTokenHint) {
        try {
            return decoder.decode(idTokenHint);
        }
        catch (JwtException ex) {
            return null;
        }
    }
}
