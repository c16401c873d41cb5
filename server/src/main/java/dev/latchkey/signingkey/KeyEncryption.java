package dev.latchkey.signingkey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.latchkey.settings.InvalidSettingException;
import dev.latchkey.settings.KeySettings;

/**
 * Encrypts signing keys' private parts at rest with AES-256-GCM. The key comes from configuration
 * ({@code latchkey.key-encryption-key}), or for the embedded default from a file generated once beside the
 * database ({@link KeyEncryptionConfig}). Stored form: base64(12-byte IV ‖ ciphertext ‖ tag).
 */
public final class KeyEncryption {

    static final String KEY_FILE_NAME = "signing-key-encryption.key";

    private static final int IV_BYTES = 12;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private KeyEncryption(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** @param key 32 bytes, already checked by {@link KeySettings} */
    static KeyEncryption withKey(byte[] key) {
        return new KeyEncryption(key);
    }

    /** The key kept in {@code file}, which is created with a new random key when missing. */
    static KeyEncryption withKeyFile(Path file) {
        return new KeyEncryption(readOrCreateKeyFile(file));
    }

    private static byte[] readOrCreateKeyFile(Path file) {
        try {
            if (Files.exists(file)) {
                return readKeyFile(file);
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] key = new byte[KeySettings.KEY_ENCRYPTION_KEY_BYTES];
            RANDOM.nextBytes(key);
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), KEY_FILE_NAME, ".tmp");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            }
            catch (UnsupportedOperationException ex) {
                // Not a POSIX file system: the directory's own permissions protect the file.
            }
            Files.writeString(temporary, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
            Files.move(temporary, file);
            return key;
        }
        catch (IOException ex) {
            throw new InvalidSettingException("latchkey.key-encryption-key-file", "cannot read or create " + file
                    + " (" + ex.getMessage() + "): check the directory's permissions, or set latchkey.key-encryption-key");
        }
    }

    private static byte[] readKeyFile(Path file) throws IOException {
        try {
            byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            if (key.length == KeySettings.KEY_ENCRYPTION_KEY_BYTES) {
                return key;
            }
        }
        catch (IllegalArgumentException ex) {
            // Reported below, as for a key of the wrong length.
        }
        throw new InvalidSettingException("latchkey.key-encryption-key-file", file + " does not hold the base64 of 32 "
                + "bytes: restore the file Latchkey generated, or set latchkey.key-encryption-key");
    }

    /**
     * A 32-byte key for {@code purpose} (HMAC-SHA256 of the purpose under this key): the same on every node that
     * shares the key-encryption key, and unknown to anyone who has only the database.
     */
    public byte[] derivedKey(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", ex);
        }
    }

    public String encrypt(String plaintext) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] ciphertext = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] stored = new byte[IV_BYTES + ciphertext.length];
            System.arraycopy(iv, 0, stored, 0, IV_BYTES);
            System.arraycopy(ciphertext, 0, stored, IV_BYTES, ciphertext.length);
            return Base64.getEncoder().encodeToString(stored);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Cannot encrypt a signing key", ex);
        }
    }

    public String decrypt(String stored) {
        try {
            byte[] bytes = Base64.getDecoder().decode(stored);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, IV_BYTES));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        }
        catch (GeneralSecurityException ex) {
            throw new InvalidSettingException("latchkey.key-encryption-key", "does not decrypt the signing keys stored "
                    + "in the database: it is not the key they were encrypted with (every node must use the same one; "
                    + "without a configured key, the generated key file must be the one created with this database)");
        }
    }
}
