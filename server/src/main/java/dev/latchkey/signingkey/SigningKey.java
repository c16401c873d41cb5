package dev.latchkey.signingkey;

import java.time.Instant;

import com.nimbusds.jose.jwk.JWK;

/**
 * A stored signing key; {@code jwk} holds the private part (decrypted) for keys that still sign.
 * {@code publishedAt} is when it stopped signing (a rotation), {@code null} while it is active.
 */
public record SigningKey(String kid, String algorithm, SigningKeyState state, JWK jwk, Instant createdAt,
        Instant publishedAt) {
}
