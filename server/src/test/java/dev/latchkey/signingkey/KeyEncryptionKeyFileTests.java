package dev.latchkey.signingkey;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.latchkey.settings.KeySettings;
import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;

/**
 * The generated key-encryption key follows the embedded database it protects, not the directory the server
 * was started from: a server started with another data directory (another working directory, say) still
 * decrypts its own signing keys.
 */
class KeyEncryptionKeyFileTests {

    private static final KeySettings GENERATED = new KeySettings(null, null, new KeySettings.SigningKeys(
            java.time.Duration.ofDays(90), java.time.Duration.ofDays(2), java.time.Duration.ofHours(1)));

    @Test
    void keyFileIsBesideTheEmbeddedDatabaseWhereverItsUrlPutsIt() {
        Path dataDirectory = Path.of("./data");
        assertThat(KeyEncryptionConfig.keyFile(GENERATED, dataDirectory,
                "jdbc:h2:file:/srv/latchkey/db/latchkey;DB_CLOSE_ON_EXIT=FALSE"))
            .isEqualTo(Path.of("/srv/latchkey/db/signing-key-encryption.key"));
        assertThat(KeyEncryptionConfig.keyFile(GENERATED, dataDirectory, "jdbc:h2:./elsewhere/latchkey"))
            .isEqualTo(Path.of("./elsewhere/signing-key-encryption.key"));
        assertThat(KeyEncryptionConfig.keyFile(GENERATED, dataDirectory, "jdbc:h2:~/latchkey"))
            .isEqualTo(Path.of(System.getProperty("user.home"), "signing-key-encryption.key"));
    }

    @Test
    void keyFileIsInTheDataDirectoryWhenTheDatabaseHasNoLocalFiles() {
        Path dataDirectory = Path.of("/var/lib/latchkey");
        for (String url : new String[] { "jdbc:postgresql://db:5432/latchkey", "jdbc:h2:mem:latchkey",
                "jdbc:h2:tcp://db/latchkey" }) {
            assertThat(KeyEncryptionConfig.keyFile(GENERATED, dataDirectory, url)).as(url)
                .isEqualTo(dataDirectory.resolve("signing-key-encryption.key"));
        }
    }

    @Test
    void configuredKeyFileWins() {
        KeySettings configured = new KeySettings(null, Path.of("/run/secrets/latchkey.key"), GENERATED.signingKeys());
        assertThat(KeyEncryptionConfig.keyFile(configured, Path.of("./data"), "jdbc:h2:file:/srv/latchkey/db"))
            .isEqualTo(Path.of("/run/secrets/latchkey.key"));
    }

    @Test
    void serverStartedWithAnotherDataDirectoryStillDecryptsItsSigningKeys() throws Exception {
        Path firstDataDirectory = Files.createTempDirectory("latchkey-first-");
        Path secondDataDirectory = Files.createTempDirectory("latchkey-second-");
        try (LatchkeyServer server = LatchkeyServer.start(Database.H2,
                Map.of("latchkey.data-directory", firstDataDirectory.toString()))) {
            Path databaseDirectory = Path.of(server.jdbcUrl().substring("jdbc:h2:file:".length()).split(";")[0]).getParent();
            assertThat(databaseDirectory.resolve("signing-key-encryption.key")).exists();
            assertThat(firstDataDirectory.resolve("signing-key-encryption.key")).doesNotExist();
            String kid = kid(server);

            server.restartWith(Map.of("latchkey.data-directory", secondDataDirectory.toString()));

            assertThat(kid(server)).as("the same signing keys, decrypted").isEqualTo(kid);
            assertThat(secondDataDirectory.resolve("signing-key-encryption.key")).doesNotExist();
        }
    }

    private static String kid(LatchkeyServer server) {
        return server.bean(SigningKeyService.class).usableKeys().get(0).kid();
    }
}
