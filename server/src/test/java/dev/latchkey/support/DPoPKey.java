package dev.latchkey.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * A client's DPoP key (EC P-256) and the proofs it signs (RFC 9449 §4.2), built with nimbus-jose-jwt as a
 * client library would: {@code typ: dpop+jwt}, the public key in {@code jwk}, {@code htm}, {@code htu},
 * {@code iat}, a fresh {@code jti}, and {@code ath} and {@code nonce} when given.
 */
public final class DPoPKey {

    private final ECKey key;

    private DPoPKey(ECKey key) {
        this.key = key;
    }

    public static DPoPKey generate() {
        try {
            return new DPoPKey(new ECKeyGenerator(Curve.P_256).generate());
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The JWK SHA-256 thumbprint (RFC 7638) a token bound to this key carries as {@code cnf.jkt}. */
    public String thumbprint() {
        try {
            return key.computeThumbprint().toString();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A proof for a token request. */
    public String proof(String method, String url) {
        return proof(method, url, null, null);
    }

    /** A proof for a request, with the access token it is sent with ({@code ath}) and a server nonce, if any. */
    public String proof(String method, String url, String accessToken, String nonce) {
        return sign(claims(method, url, accessToken, nonce).build());
    }

    /** The claims of a proof, to change before signing them. */
    public JWTClaimsSet.Builder claims(String method, String url, String accessToken, String nonce) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().claim("htm", method)
            .claim("htu", url)
            .issueTime(Date.from(Instant.now()))
            .jwtID(UUID.randomUUID().toString());
        if (accessToken != null) {
            claims.claim("ath", accessTokenHash(accessToken));
        }
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        return claims;
    }

    public String sign(JWTClaimsSet claims) {
        return sign(header().build(), claims);
    }

    /** The header a proof must have: {@code typ: dpop+jwt}, ES256, the public key. */
    public JWSHeader.Builder header() {
        return new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt")).jwk(key.toPublicJWK());
    }

    public String sign(JWSHeader header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A proof whose {@code jwk} header is the private key itself, as a careless client might make it. */
    public String signWithPrivateJwkInHeader(JWTClaimsSet claims) {
        Base64URL header = Base64URL.encode("{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + key.toJSONString() + "}");
        Base64URL payload = Base64URL.encode(claims.toString());
        try {
            Base64URL signature = new ECDSASigner(key).sign(header().build(),
                    (header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + signature;
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The key, to sign with it or put its public part where it does not belong. */
    public ECKey privateJwk() {
        return key;
    }

    public static String accessTokenHash(String accessToken) {
        try {
            return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
