package dev.latchkey.doctor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * No key-encryption key configured: the signing keys are encrypted with a key generated into a file. Beside the
 * embedded database that is the intended default (back both up together); any other database needs the key, or
 * an existing key file every node reads, or the node refuses to start ({@code signingkey/KeyEncryptionConfig}).
 */
final class KeyEncryptionKeyCheck implements Check {

    private static final String FIX = "set latchkey.key-encryption-key (LATCHKEY_KEY_ENCRYPTION_KEY) from a secret "
            + "store, identically on every node (make one with: openssl rand -base64 32)";

    @Override
    public List<Finding> examine(Deployment deployment) {
        if (deployment.keys().keyEncryptionKey() != null) {
            return List.of();
        }
        if (SharedH2Check.isEmbeddedH2File(deployment.jdbcUrl())) {
            return List.of(new Finding("key-encryption-key", Severity.WARNING, "no latchkey.key-encryption-key: the "
                    + "signing keys are encrypted with a key generated into a file (beside the embedded database "
                    + "unless latchkey.key-encryption-key-file says otherwise); whoever copies both has the keys",
                    FIX + ", or keep the backups of the data directory as secret as the keys"));
        }
        Path file = deployment.keys().keyEncryptionKeyFile();
        if (file != null && Files.exists(file)) {
            return List.of();
        }
        return List.of(new Finding("key-encryption-key", Severity.SEVERE, "no latchkey.key-encryption-key with a "
                + "database other than the embedded one, which several nodes may share: a node refuses to start "
                + "rather than generate a key file of its own that the other nodes could not read",
                FIX + ", or set latchkey.key-encryption-key-file to an existing key file every node reads"));
    }
}
