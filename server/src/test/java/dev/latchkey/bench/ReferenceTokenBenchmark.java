package dev.latchkey.bench;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;

import dev.latchkey.crypto.Hashes;

/**
 * Issuing one reference access token ({@code latchkey.tokens.access-token-format=reference}): Spring's
 * generator (96 random bytes and the claims) plus the SHA-256 it is stored as. Compare with
 * {@link JwtSigningBenchmark}, the cost it replaces.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReferenceTokenBenchmark {

    private final OAuth2AccessTokenGenerator generator = new OAuth2AccessTokenGenerator();

    private OAuth2TokenContext context;

    @Setup
    public void setUp() {
        RegisteredClient client = RegisteredClient.withId("conf-client")
            .clientId("conf-client")
            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
            .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
            .scope("read")
            .scope("write")
            .tokenSettings(TokenSettings.builder().accessTokenFormat(OAuth2TokenFormat.REFERENCE).build())
            .build();
        context = DefaultOAuth2TokenContext.builder()
            .registeredClient(client)
            .principal(UsernamePasswordAuthenticationToken.authenticated("conf-client", null, Set.of()))
            .authorizedScopes(Set.of("read", "write"))
            .tokenType(OAuth2TokenType.ACCESS_TOKEN)
            .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
            .build();
    }

    @Benchmark
    public String issue() {
        OAuth2AccessToken token = generator.generate(context);
        return Hashes.sha256Hex(token.getTokenValue());
    }
}
