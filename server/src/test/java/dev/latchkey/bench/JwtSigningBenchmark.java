package dev.latchkey.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;


/**
 * Signing one access token with Spring's {@link NimbusJwtEncoder}, RS256 against ES256, over keys generated
 * as {@code SigningKeyService} generates them: the largest single cost of a token request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JwtSigningBenchmark {

    @Param({ "RS256", "ES256" })
    public String algorithm;

    private JwtEncoder nimbus;

    private JwtEncoderParameters accessToken;

    @Setup
    public void setUp() throws JOSEException {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString())
            .keyUse(KeyUse.SIGNATURE)
            .algorithm(JWSAlgorithm.RS256)
            .generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString())
            .keyUse(KeyUse.SIGNATURE)
            .algorithm(JWSAlgorithm.ES256)
            .generate();
        Instant now = Instant.now();
        nimbus = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(List.of(rsa, ec))));
        // The claims Spring's JwtGenerator and AccessTokenClaimsCustomizer put in an access token.
        JwtClaimsSet claims = JwtClaimsSet.builder()
            .issuer("http://localhost:18000")
            .subject("alice")
            .audience(List.of("conf-client"))
            .notBefore(now)
            .issuedAt(now)
            .expiresAt(now.plus(Duration.ofMinutes(5)))
            .id(UUID.randomUUID().toString())
            .claim("scope", "read write")
            .claim("client_id", "conf-client")
            .build();
        accessToken = JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.from(algorithm)).build(), claims);
    }

    @Benchmark
    public Jwt sign() {
        return nimbus.encode(accessToken);
    }
}
