package dev.latchkey.signingkey;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;

/** Our JWT signer against an independent verifier (Nimbus): signatures, header and RFC 7519 claim encodings. */
class SigningKeyJwtEncoderTests {

    @ParameterizedTest
    @ValueSource(strings = { "RS256", "ES256" })
    void signaturesVerifyAndDatesAreNumericDatesInSeconds(String algorithm) throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").algorithm(JWSAlgorithm.RS256).generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").algorithm(JWSAlgorithm.ES256).generate();
        Map<String, SigningKey> active = Map.of(
                "RS256", new SigningKey("rsa-1", "RS256", SigningKeyState.ACTIVE, rsa, Instant.now(), null),
                "ES256", new SigningKey("ec-1", "ES256", SigningKeyState.ACTIVE, ec, Instant.now(), null));
        Instant issued = Instant.ofEpochSecond(1_800_000_000L);
        JwtClaimsSet claims = JwtClaimsSet.builder()
            .issuer("http://127.0.0.1:18000")
            .subject("alice")
            .audience(List.of("my-sexy-spa"))
            .issuedAt(issued)
            .expiresAt(issued.plusSeconds(300))
            .claim("auth_time", Date.from(issued.minusSeconds(60)))
            .claim("website", URI.create("https://example.com/alice").toURL())
            .claim("scope", "read write")
            .build();

        Jwt jwt = new SigningKeyJwtEncoder(active::get).encode(JwtEncoderParameters
            .from(JwsHeader.with(SignatureAlgorithm.from(algorithm)).build(), claims));

        SignedJWT parsed = SignedJWT.parse(jwt.getTokenValue());
        assertThat(parsed.getHeader().getAlgorithm().getName()).isEqualTo(algorithm);
        assertThat(parsed.getHeader().getKeyID()).isEqualTo(algorithm.equals("RS256") ? "rsa-1" : "ec-1");
        assertThat(parsed.verify(algorithm.equals("RS256") ? new RSASSAVerifier(rsa.toPublicJWK())
                : new ECDSAVerifier(ec.toPublicJWK()))).isTrue();
        Map<String, Object> payload = parsed.getPayload().toJSONObject();
        assertThat(((Number) payload.get("iat")).longValue()).isEqualTo(1_800_000_000L);
        assertThat(((Number) payload.get("exp")).longValue()).isEqualTo(1_800_000_300L);
        assertThat(((Number) payload.get("auth_time")).longValue()).isEqualTo(1_799_999_940L);
        assertThat(payload).containsEntry("website", "https://example.com/alice")
            .containsEntry("sub", "alice")
            .containsEntry("scope", "read write");
        assertThat(jwt.getHeaders()).containsEntry("kid", parsed.getHeader().getKeyID());
    }
}
