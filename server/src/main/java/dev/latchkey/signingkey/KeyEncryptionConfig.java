package dev.latchkey.signingkey;

import java.nio.file.Path;
import java.util.Locale;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.latchkey.settings.KeySettings;
import dev.latchkey.settings.ServerSettings;

/**
 * The key that encrypts signing keys at rest: {@code latchkey.key-encryption-key} when set; otherwise a key
 * generated once into a file that follows the data it protects: {@code latchkey.key-encryption-key-file} when
 * set, else beside the embedded H2 database's files (wherever {@code spring.datasource.url} puts them, so a
 * server started from another directory still finds it), else in {@code latchkey.data-directory}.
 */
@Configuration(proxyBeanMethods = false)
class KeyEncryptionConfig {

    @Bean
    KeyEncryption keyEncryption(KeySettings keys, ServerSettings server, Environment environment) {
        byte[] configured = keys.keyEncryptionKeyBytes();
        if (configured != null) {
            return KeyEncryption.withKey(configured);
        }
        return KeyEncryption.withKeyFile(keyFile(keys, server.dataDirectory(), environment.getProperty("spring.datasource.url")));
    }

    static Path keyFile(KeySettings keys, Path dataDirectory, String jdbcUrl) {
        if (keys.keyEncryptionKeyFile() != null) {
            return keys.keyEncryptionKeyFile();
        }
        Path databaseFile = h2DatabaseFile(jdbcUrl);
        Path directory = databaseFile != null && databaseFile.getParent() != null ? databaseFile.getParent() : dataDirectory;
        return directory.resolve(KeyEncryption.KEY_FILE_NAME);
    }

    /** The file path of an embedded H2 database URL ({@code jdbc:h2:[file:]path[;options]}), else {@code null}. */
    static Path h2DatabaseFile(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")) {
            return null;
        }
        String location = jdbcUrl.substring("jdbc:h2:".length());
        int options = location.indexOf(';');
        location = options < 0 ? location : location.substring(0, options);
        if (location.startsWith("file:")) {
            location = location.substring("file:".length());
        }
        else if (location.matches("(?i)(mem|tcp|ssl|zip|nio\\w*|split|async|retry)(:.*)?")) {
            return null;
        }
        if (location.startsWith("~")) {
            location = System.getProperty("user.home") + location.substring(1);
        }
        return location.isEmpty() ? null : Path.of(location);
    }
}
