package dev.latchkey.signingkey;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;

import tools.jackson.databind.json.JsonMapper;

/**
 * Signs JWTs (RFC 7515 compact serialization) with the active signing key of the requested algorithm.
 * It does what Spring's Nimbus-based encoder does for our two algorithms, with less work around the
 * signature itself: the JDK's base64 (in a profile of client_credentials grants on Java 17, Nimbus'
 * constant-time codec took about a fifth of the token endpoint's CPU — constant time protects secrets
 * being decoded, not public token parts being encoded) and cached private keys. ES256
 * signatures are produced directly in the JOSE form (r ‖ s, RFC 7518 §3.4) by the JDK's P1363 format.
 * The active key of each algorithm comes from a function ({@link SigningKeyService#activeKey} in the
 * application), so the encoder can be measured without a database.
 */
public final class SigningKeyJwtEncoder implements JwtEncoder {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Function<String, SigningKey> activeKeys;

    private final Map<String, PrivateKey> privateKeys = new ConcurrentHashMap<>();

    /** @param activeKeys the active signing key of an algorithm, by its JWS name ("RS256", "ES256") */
    public SigningKeyJwtEncoder(Function<String, SigningKey> activeKeys) {
        this.activeKeys = activeKeys;
    }

    @Override
    public Jwt encode(JwtEncoderParameters parameters) {
        JwsHeader requested = parameters.getJwsHeader();
        SignatureAlgorithm algorithm = requested == null ? SignatureAlgorithm.RS256
                : (SignatureAlgorithm) requested.getAlgorithm();
        SigningKey key = activeKeys.apply(algorithm.getName());
        Map<String, Object> header = new LinkedHashMap<>(requested == null ? Map.of() : requested.getHeaders());
        header.put("alg", algorithm.getName());
        header.put("kid", key.kid());
        JwtClaimsSet claims = parameters.getClaims();
        String signingInput = BASE64URL.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + BASE64URL.encodeToString(JSON.writeValueAsBytes(jsonClaims(claims.getClaims())));
        String token = signingInput + "." + BASE64URL.encodeToString(sign(key, algorithm, signingInput));
        return new Jwt(token, claims.getIssuedAt(), claims.getExpiresAt(), header, claims.getClaims());
    }

    private byte[] sign(SigningKey key, SignatureAlgorithm algorithm, String signingInput) {
        try {
            Signature signature = Signature.getInstance(
                    algorithm == SignatureAlgorithm.ES256 ? "SHA256withECDSAinP1363Format" : "SHA256withRSA");
            signature.initSign(privateKeys.computeIfAbsent(key.kid(), kid -> privateKey(key.jwk())));
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signature.sign();
        }
        catch (GeneralSecurityException ex) {
            throw new JwtEncodingException("Cannot sign the JWT with key " + key.kid(), ex);
        }
    }

    private static PrivateKey privateKey(JWK jwk) {
        try {
            if (jwk instanceof RSAKey rsa) {
                return rsa.toPrivateKey();
            }
            if (jwk instanceof ECKey ec) {
                return ec.toPrivateKey();
            }
        }
        catch (JOSEException ex) {
            throw new JwtEncodingException("Signing key " + jwk.getKeyID() + " has no usable private part", ex);
        }
        throw new JwtEncodingException("Signing key " + jwk.getKeyID() + " is neither RSA nor EC");
    }

    /** JWT claim values as JSON (RFC 7519 §2: NumericDate is seconds since the epoch). */
    private static Map<String, Object> jsonClaims(Map<String, Object> claims) {
        Map<String, Object> json = new LinkedHashMap<>(claims.size());
        claims.forEach((name, value) -> json.put(name, jsonValue(value)));
        return json;
    }

    private static Object jsonValue(Object value) {
        if (value instanceof Instant instant) {
            return instant.getEpochSecond();
        }
        if (value instanceof Date date) {
            return date.toInstant().getEpochSecond();
        }
        if (value instanceof URL url) {
            return url.toExternalForm();
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(SigningKeyJwtEncoder::jsonValue).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> converted = new LinkedHashMap<>();
            map.forEach((k, v) -> converted.put(k, jsonValue(v)));
            return converted;
        }
        return value;
    }
}
