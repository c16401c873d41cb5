package dev.latchkey.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM under a key derived from a token a client holds, so that only someone presenting that token again
 * can decrypt. The key is HMAC-SHA256 keyed by the token over a label naming the purpose: a different function
 * from the SHA-256 the database keeps to look the token up, so neither the stored hash nor anything else in the
 * database yields the key. Meant for high-entropy tokens (256 random bits), which need no slow derivation.
 * Sealed form: hex(12-byte IV, ciphertext, 16-byte tag); hex, so it can never look like a token or a JWT.
 */
public final class TokenKeyedCipher {

    private static final int IV_BYTES = 12;

    private static final int TAG_BITS = 128;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private TokenKeyedCipher(SecretKeySpec key) {
        this.key = key;
    }

    /**
     * @param token the token the key is derived from
     * @param purpose a fixed label, so that one token yields a different key for each use
     */
    public static TokenKeyedCipher of(String token, String purpose) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return new TokenKeyedCipher(new SecretKeySpec(hmac.doFinal(purpose.getBytes(StandardCharsets.UTF_8)), "AES"));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", ex);
        }
    }

    /** @param associatedData authenticated with the plaintext: decryption needs the same */
    public String encrypt(byte[] plaintext, byte[] associatedData) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData);
            byte[] ciphertext = cipher.doFinal(plaintext);
            byte[] sealed = new byte[IV_BYTES + ciphertext.length];
            System.arraycopy(iv, 0, sealed, 0, IV_BYTES);
            System.arraycopy(ciphertext, 0, sealed, IV_BYTES, ciphertext.length);
            return HexFormat.of().formatHex(sealed);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("AES-GCM is required by every Java platform", ex);
        }
    }

    /** Empty when {@code sealed} was not made with this key and associated data, or was altered. */
    public Optional<byte[]> decrypt(String sealed, byte[] associatedData) {
        try {
            byte[] bytes = HexFormat.of().parseHex(sealed);
            if (bytes.length < IV_BYTES + TAG_BITS / 8) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            cipher.updateAAD(associatedData);
            return Optional.of(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES));
        }
        catch (GeneralSecurityException | IllegalArgumentException ex) {
            return Optional.empty();
        }
    }
}
