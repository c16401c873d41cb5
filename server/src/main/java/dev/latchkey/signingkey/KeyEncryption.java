package dev.latchkey.signingkey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts signing keys' private parts at rest with AES-256-GCM. The key comes from configuration
 * ({@code latchkey.key-encryption-key}), or for the embedded default from a file generated once in the
 * data directory. Stored form: base64(12-byte IV ‖ ciphertext ‖ tag).
 */
public final class KeyEncryption {

    static final String KEY_FILE_NAME = "signing-key-encryption.key";

    private static final int IV_BYTES = 12;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private KeyEncryption(byte[] key) {
        if (key.length != 32) {
            throw new IllegalStateException("latchkey.key-encryption-key must be the base64 encoding of 32 bytes (AES-256), got "
                    + key.length + " bytes");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The configured key, or the one in the data directory's key file (created when missing). */
    public static KeyEncryption from(String configuredKey, Path dataDirectory) {
        if (configuredKey != null && !configuredKey.isBlank()) {
            try {
                return new KeyEncryption(Base64.getDecoder().decode(configuredKey.trim()));
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalStateException("latchkey.key-encryption-key is not valid base64", ex);
            }
        }
        return new KeyEncryption(readOrCreateKeyFile(dataDirectory.resolve(KEY_FILE_NAME)));
    }

    private static byte[] readOrCreateKeyFile(Path file) {
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] key = new byte[32];
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
            throw new UncheckedIOException("Cannot read or create the key-encryption key file " + file, ex);
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
            throw new IllegalStateException("Cannot decrypt a stored signing key: is latchkey.key-encryption-key the one "
                    + "it was encrypted with?", ex);
        }
    }
}
