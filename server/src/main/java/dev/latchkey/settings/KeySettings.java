package dev.latchkey.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The keys that sign tokens and the key that encrypts them at rest.
 *
 * @param keyEncryptionKey Base64 encoding of a 256-bit AES key that encrypts the signing keys' private parts at
 * rest. Set it (from a secret store) in production, identically on every node. When empty, a key is generated
 * once into {@code key-encryption-key-file}.
 * @param keyEncryptionKeyFile Where the generated key-encryption key is kept when {@code key-encryption-key} is
 * not set. When empty: beside the embedded database's files, else in {@code data-directory}.
 * @param signingKeys Rotation of the keys that sign tokens
 */
@ConfigurationProperties("latchkey")
public record KeySettings(String keyEncryptionKey, Path keyEncryptionKeyFile,
        @DefaultValue SigningKeys signingKeys) {

    /** AES-256. */
    public static final int KEY_ENCRYPTION_KEY_BYTES = 32;

    public KeySettings {
        keyEncryptionKey = Rules.blankToNull(Rules.resolved("key-encryption-key", keyEncryptionKey));
        if (keyEncryptionKey != null) {
            decode(keyEncryptionKey);
        }
    }

    /** The configured key-encryption key's bytes, or {@code null} when a generated key file is to be used. */
    public byte[] keyEncryptionKeyBytes() {
        return keyEncryptionKey == null ? null : decode(keyEncryptionKey);
    }

    private static byte[] decode(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidSettingException("key-encryption-key",
                    "is not valid base64: it must encode 32 random bytes (make one with: openssl rand -base64 32)");
        }
        if (key.length != KEY_ENCRYPTION_KEY_BYTES) {
            throw new InvalidSettingException("key-encryption-key", "must encode 32 bytes (AES-256), this one encodes "
                    + key.length + " (make one with: openssl rand -base64 32)");
        }
        return key;
    }

    @Override
    public String toString() {
        return "KeySettings[keyEncryptionKey=" + (keyEncryptionKey == null ? "(generated)" : "(set)")
                + ", keyEncryptionKeyFile=" + keyEncryptionKeyFile + ", signingKeys=" + signingKeys + "]";
    }

    /**
     * A key signs while active; after a rotation it stays published (its tokens still verify) for
     * {@code retirement-grace}, then it is retired and leaves the JWKS.
     *
     * @param rotationPeriod How long a key signs before a new one replaces it
     * @param retirementGrace How long a replaced key stays published so that the tokens it signed still verify;
     * longer than the longest token lifetime (the access-token lifetime, and the ID token's 30 minutes)
     * @param rotationCheckInterval How often each node checks whether a rotation or a retirement is due (one node
     * does it)
     */
    public record SigningKeys(@DefaultValue("90d") Duration rotationPeriod, @DefaultValue("2d") Duration retirementGrace,
            @DefaultValue("1h") Duration rotationCheckInterval) {

        public SigningKeys {
            Rules.positive("rotation-period", rotationPeriod);
            Rules.positive("retirement-grace", retirementGrace);
            Rules.positive("rotation-check-interval", rotationCheckInterval);
        }
    }
}
