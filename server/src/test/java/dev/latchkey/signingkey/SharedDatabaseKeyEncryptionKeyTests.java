package dev.latchkey.signingkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;

/**
 * On PostgreSQL, which several nodes share, a node never generates a key-encryption key of its own (the others
 * could not read the signing keys it created): without one configured it refuses to start with one line; an
 * existing key file every node mounts is accepted.
 */
@ExtendWith(OutputCaptureExtension.class)
class SharedDatabaseKeyEncryptionKeyTests {

    private static final String KEY_SETTING = "latchkey.key-encryption-key";

    @Test
    void nodeOnPostgresWithoutAKeyEncryptionKeyRefusesToStartWithOneLine(CapturedOutput output) {
        LatchkeyServer server = LatchkeyServer.configuredWith(Database.POSTGRES, Map.of()).without(KEY_SETTING);

        assertRefused(output, server);

        assertThat(server.dataDirectory().resolve(KeyEncryption.KEY_FILE_NAME)).as("no key file generated").doesNotExist();
    }

    @Test
    void configuredKeyFileThatDoesNotExistIsNotGeneratedOnPostgres(CapturedOutput output) throws Exception {
        Path missing = Files.createTempDirectory("latchkey-secrets-").resolve("latchkey.key");
        LatchkeyServer server = LatchkeyServer.configuredWith(Database.POSTGRES,
                Map.of("latchkey.key-encryption-key-file", missing.toString())).without(KEY_SETTING);

        assertRefused(output, server);

        assertThat(missing).doesNotExist();
    }

    @Test
    void existingKeyFileSharedByTwoNodesLetsEachVerifyTheOthersTokens() throws Exception {
        Path mounted = Files.createTempDirectory("latchkey-secrets-").resolve("latchkey.key");
        Files.writeString(mounted, LatchkeyServer.POSTGRES_KEY_ENCRYPTION_KEY, StandardCharsets.US_ASCII);
        try (LatchkeyServer first = LatchkeyServer.configuredWith(Database.POSTGRES,
                Map.of("latchkey.key-encryption-key-file", mounted.toString())).without(KEY_SETTING)) {
            first.boot();
            try (LatchkeyServer second = first.startAnotherNode()) {
                List<String> firstKeys = kids(first);
                assertThat(firstKeys).isNotEmpty();
                assertThat(kids(second)).as("the second node decrypts the keys the first created").isEqualTo(firstKeys);
            }
        }
    }

    private static List<String> kids(LatchkeyServer server) {
        return server.bean(SigningKeyService.class).usableKeys().stream().map(SigningKey::kid).toList();
    }

    private static void assertRefused(CapturedOutput output, LatchkeyServer server) {
        int before = output.toString().length();
        assertThatThrownBy(server::boot).hasStackTraceContaining(KEY_SETTING);
        List<String> lines = output.toString().substring(before).lines().toList();
        int description = lines.indexOf("Description:");
        assertThat(description).as(String.join("\n", lines)).isNotNegative();
        assertThat(lines.get(description + 2)).startsWith(KEY_SETTING + ": required with a database other than the "
                + "embedded H2").contains("openssl rand -base64 32", "latchkey.key-encryption-key-file");
        assertThat(lines.get(description + 3)).as("one line").isEmpty();
        assertThat(String.join("\n", lines)).as("no stack trace").doesNotContain("\tat ", "Caused by");
    }
}
