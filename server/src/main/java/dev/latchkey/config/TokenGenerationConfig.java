package dev.latchkey.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import dev.latchkey.protocol.oidc.IdTokenCustomizer;
import dev.latchkey.protocol.token.AccessTokenClaimsCustomizer;
import dev.latchkey.protocol.token.OpaqueRefreshTokenGenerator;
import dev.latchkey.protocol.token.ReferenceTokenBindingCustomizer;
import dev.latchkey.signingkey.SigningKeyService;
import dev.latchkey.user.UserService;

/** How tokens are made and signed: JWT or reference access tokens, ID tokens, opaque refresh tokens. */
@Configuration(proxyBeanMethods = false)
public class TokenGenerationConfig {

    @Bean
    JwtEncoder jwtEncoder(SigningKeyService signingKeys) {
        return new NimbusJwtEncoder(signingKeys.activeKeys());
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(SigningKeyService signingKeys) {
        return signingKeys.publishedKeys();
    }

    @Bean
    OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator(JwtEncoder jwtEncoder, UserService users) {
        // Spring's JWT generator makes the access tokens of clients set to OAuth2TokenFormat.SELF_CONTAINED and
        // every ID token; each application's format and algorithm come with its RegisteredClient.
        JwtGenerator jwts = new JwtGenerator(jwtEncoder);
        OAuth2TokenCustomizer<JwtEncodingContext> accessTokens = new AccessTokenClaimsCustomizer();
        OAuth2TokenCustomizer<JwtEncodingContext> idTokens = new IdTokenCustomizer(users);
        jwts.setJwtCustomizer(context -> {
            accessTokens.customize(context);
            idTokens.customize(context);
        });
        // Spring's generator makes reference access tokens (clients set to OAuth2TokenFormat.REFERENCE):
        // 96 random bytes, which the grant store keeps hashed like every other token.
        OAuth2AccessTokenGenerator references = new OAuth2AccessTokenGenerator();
        references.setAccessTokenCustomizer(new ReferenceTokenBindingCustomizer());
        return new DelegatingOAuth2TokenGenerator(jwts, references, new OpaqueRefreshTokenGenerator());
    }
}
