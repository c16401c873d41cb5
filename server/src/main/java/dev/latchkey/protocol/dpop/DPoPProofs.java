package dev.latchkey.protocol.dpop;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.DPoPProofContext;
import org.springframework.security.oauth2.jwt.DPoPProofJwtDecoderFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.JWK;

import dev.latchkey.crypto.Hashes;
import dev.latchkey.protocol.errors.OAuth2Errors;

/**
 * Checks a DPoP proof (RFC 9449 §4.3) for the token endpoint and for protected resources. Spring's proof decoder
 * checks the JWS (type {@code dpop+jwt}, an asymmetric algorithm, the signature by the public key in its
 * {@code jwk} header); then the claims are checked here one after the other, each refusal saying what is wrong
 * and the fix: the request's method and URL, the time, the access token's hash, the key the token is bound to,
 * the server nonce; last, that the proof was never presented before, anywhere ({@link SeenProofs}), since
 * Spring's own replay check remembers proofs in one node's memory only.
 */
public final class DPoPProofs {

    /**
     * The JWS algorithms of proofs (RFC 9449 §5.1 {@code dpop_signing_alg_values_supported}): Spring's proof
     * decoder takes RSA and EC keys, and these the JDK verifies.
     */
    public static final List<String> ALGORITHMS = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
            "ES384", "ES512");

    /** How far a proof's {@code iat} may be from the server's time (RFC 9449 §11.1), as Spring's own check. */
    static final Duration ACCEPTED_SKEW = Duration.ofSeconds(60);

    /** A presented proof is remembered beyond the time it can be accepted, also by a node whose clock is late. */
    private static final Duration REMEMBERED_FOR = ACCEPTED_SKEW.multipliedBy(2);

    private static final JOSEObjectType PROOF_TYPE = new JOSEObjectType("dpop+jwt");

    private final DPoPProofJwtDecoderFactory decoders = new DPoPProofJwtDecoderFactory();

    private final DPoPNonces nonces;

    private final SeenProofs seen;

    private final Clock clock;

    public DPoPProofs(DPoPNonces nonces, SeenProofs seen, Clock clock) {
        this.nonces = nonces;
        this.seen = seen;
        this.clock = clock;
        // The claims are checked by verify, in order; only the JWS is left to the decoder.
        decoders.setJwtValidatorFactory(context -> jwt -> OAuth2TokenValidatorResult.success());
    }

    /**
     * What a proof must match.
     *
     * @param method the request's HTTP method ({@code htm})
     * @param targetUri the request's URL without query ({@code htu})
     * @param accessToken the access token sent with a protected resource request ({@code ath}), else {@code null}
     * @param boundThumbprint the thumbprint of the key that access token is bound to, else {@code null}
     * @param nonceRequired whether the proof must carry a server nonce (it is checked whenever present)
     */
    public record Expected(String method, String targetUri, String accessToken, String boundThumbprint,
            boolean nonceRequired) {
    }

    /**
     * @return the JWK SHA-256 thumbprint (RFC 7638) of the proof's key, which a token it obtains is bound to
     * @throws org.springframework.security.oauth2.core.OAuth2AuthenticationException {@code invalid_dpop_proof}, or
     * {@code use_dpop_nonce} when only the server nonce is missing or old
     */
    public String verify(String proof, Expected expected) {
        Jwt jwt = decode(proof, expected);
        String thumbprint = thumbprint(jwt.getHeaders().get("jwk"));
        String htm = jwt.getClaimAsString("htm");
        if (!expected.method().equals(htm)) {
            throw OAuth2Errors.invalidDPoPProof("DPoP proof htm is '" + htm + "', not this request's method "
                    + expected.method() + ": make a new proof for each request");
        }
        String htu = jwt.getClaimAsString("htu");
        if (!expected.targetUri().equals(htu)) {
            throw OAuth2Errors.invalidDPoPProof("DPoP proof htu is '" + htu + "', not this request's URL "
                    + expected.targetUri() + " (without query and fragment)");
        }
        Instant issuedAt = jwt.getIssuedAt();
        Instant now = clock.instant();
        if (issuedAt == null || Duration.between(issuedAt, now).abs().compareTo(ACCEPTED_SKEW) > 0) {
            throw OAuth2Errors.invalidDPoPProof("DPoP proof iat must be the time it was made, within "
                    + ACCEPTED_SKEW.toSeconds() + " seconds of the server's time: make a new proof for each request");
        }
        String jti = jwt.getId();
        if (jti == null || jti.isEmpty()) {
            throw OAuth2Errors.invalidDPoPProof("DPoP proof jti is required: a unique random value for each proof");
        }
        checkAccessToken(jwt, thumbprint, expected);
        checkNonce(jwt.getClaimAsString("nonce"), expected.nonceRequired());
        if (!seen.firstUse(Hashes.sha256Hex(thumbprint + " " + jti), issuedAt.plus(REMEMBERED_FOR))) {
            throw OAuth2Errors.invalidDPoPProof("DPoP proof was presented before (its jti is used): a proof works "
                    + "once, make a new one with a new jti for each request (RFC 9449 section 11.1)");
        }
        return thumbprint;
    }

    /** The key thumbprint of a proof {@link #verify} has accepted. */
    public static String thumbprintOf(String proof) {
        try {
            return JWSObject.parse(proof).getHeader().getJWK().computeThumbprint().toString();
        }
        catch (ParseException | JOSEException ex) {
            throw new IllegalArgumentException("Not a verified DPoP proof", ex);
        }
    }

    private Jwt decode(String proof, Expected expected) {
        try {
            return decoders.createDecoder(DPoPProofContext.withDPoPProof(proof)
                .method(expected.method())
                .targetUri(expected.targetUri())
                .build()).decode(proof);
        }
        catch (JwtException | IllegalArgumentException ex) {
            throw OAuth2Errors.invalidDPoPProof("DPoP proof is not valid: " + whyUnverifiable(proof)
                    + " (RFC 9449 section 4.2)");
        }
    }

    private void checkAccessToken(Jwt jwt, String thumbprint, Expected expected) {
        if (expected.accessToken() == null) {
            return;
        }
        if (!accessTokenHash(expected.accessToken()).equals(jwt.getClaimAsString("ath"))) {
            throw OAuth2Errors.invalidDPoPProof("DPoP proof ath must be the base64url SHA-256 of the access token "
                    + "sent with it");
        }
        if (!thumbprint.equals(expected.boundThumbprint())) {
            throw OAuth2Errors.invalidDPoPProof("DPoP proof is signed by another key than the one the access token is "
                    + "bound to: sign proofs with the key the token was issued for");
        }
    }

    private void checkNonce(String nonce, boolean required) {
        if (nonce == null && required) {
            throw OAuth2Errors.useDPoPNonce("This application's DPoP proofs must carry a server nonce: make the proof "
                    + "again with nonce set to the DPoP-Nonce header of this response (RFC 9449 section 8)");
        }
        if (nonce != null && !nonces.isCurrent(nonce)) {
            throw OAuth2Errors.useDPoPNonce("DPoP proof nonce is not a current server nonce: make the proof again with "
                    + "nonce set to the DPoP-Nonce header of this response");
        }
    }

    private static String thumbprint(Object jwk) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> json = (Map<String, Object>) jwk;
            return JWK.parse(json).computeThumbprint().toString();
        }
        catch (ParseException | JOSEException | ClassCastException ex) {
            throw OAuth2Errors.invalidDPoPProof("DPoP proof jwk header is not a public key");
        }
    }

    private static String accessTokenHash(String accessToken) {
        try {
            return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** What is wrong with a proof Spring's decoder refused, as far as its header tells. */
    private static String whyUnverifiable(String proof) {
        JWSHeader header;
        try {
            header = JWSObject.parse(proof).getHeader();
        }
        catch (ParseException ex) {
            return "it is not a signed JWT in compact form";
        }
        if (!PROOF_TYPE.equals(header.getType())) {
            return "its typ header must be dpop+jwt";
        }
        if (!ALGORITHMS.contains(header.getAlgorithm().getName())) {
            return "alg " + header.getAlgorithm().getName() + " is not supported, use one of " + String.join(" ", ALGORITHMS);
        }
        if (header.getJWK() == null || header.getJWK().isPrivate()) {
            return "its jwk header must be the public key it is signed with (and never a private key)";
        }
        return "its signature does not verify with the key in its jwk header, or a claim is malformed";
    }
}
