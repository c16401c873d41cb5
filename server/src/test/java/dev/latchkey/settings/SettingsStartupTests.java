package dev.latchkey.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.TestDatabases;

/**
 * A configuration mistake stops the start before anything is migrated or written, with one line that names
 * the setting and says what is wrong (for a misspelt name, the nearest setting), and no stack trace.
 */
@ParameterizedClass
@EnumSource(Database.class)
@ExtendWith(OutputCaptureExtension.class)
class SettingsStartupTests {

    private static final String SHORT_KEY = Base64.getEncoder().encodeToString(new byte[16]);

    @Parameter
    Database database;

    @Test
    void misspeltSettingStopsTheStartNamingTheNearestOne(CapturedOutput output) {
        assertRefused(output, Map.of("latchkey.isuer", "https://auth.example.com"),
                "latchkey.isuer: is not a Latchkey setting (did you mean latchkey.issuer?)");
        assertRefused(output, Map.of("latchkey.provison.users[0].username", "alice"),
                "latchkey.provison.users[0].username: is not a Latchkey setting (did you mean "
                        + "latchkey.provision.users[0].username?)");
        assertRefused(output, Map.of("latchkey.tokens.acess-token-time-to-live", "10m"),
                "latchkey.tokens.acess-token-time-to-live: is not a Latchkey setting (did you mean "
                        + "latchkey.tokens.access-token-time-to-live?)");
    }

    @Test
    void unknownSettingFarFromAnyStopsTheStartPointingToTheDocumentation(CapturedOutput output) {
        assertRefused(output, Map.of("latchkey.frobnicate", "true"),
                "latchkey.frobnicate: is not a Latchkey setting (see docs/configuration.md)");
    }

    @Test
    void eachKindOfInvalidValueStopsTheStartWithOneLineNamingTheSetting(CapturedOutput output) {
        Map<Map<String, String>, String> refusals = Map.ofEntries(
                Map.entry(Map.of("latchkey.tokens.access-token-time-to-live", "five minutes"),
                        "latchkey.tokens.access-token-time-to-live: 'five minutes' must be a duration such as 90s, 5m, 2h or 30d"),
                Map.entry(Map.of("latchkey.tokens.access-token-time-to-live", "48h"),
                        "latchkey.tokens.access-token-time-to-live: must be between 1s and 24h, not 2d"),
                Map.entry(Map.of("latchkey.tokens.refresh-token-retry-window", "2m"),
                        "latchkey.tokens.refresh-token-retry-window: must be between 0s (off) and 1m, not 2m"),
                Map.entry(Map.of("latchkey.tokens.access-token-format", "opaque"),
                        "latchkey.tokens.access-token-format: 'opaque' must be one of jwt, reference"),
                Map.entry(Map.of("latchkey.issuer", "auth.example.com"),
                        "latchkey.issuer: must be an absolute http or https URL"),
                Map.entry(Map.of("latchkey.key-encryption-key", "not base64!"),
                        "latchkey.key-encryption-key: is not valid base64"),
                Map.entry(Map.of("latchkey.key-encryption-key", SHORT_KEY),
                        "latchkey.key-encryption-key: must encode 32 bytes (AES-256), this one encodes 16"),
                Map.entry(Map.of("latchkey.signing-keys.retirement-grace", "10m"),
                        "latchkey.signing-keys.retirement-grace: must be longer than the longest token lifetime (30m)"),
                Map.entry(Map.of("latchkey.signing-keys.rotation-period", "-1d"),
                        "latchkey.signing-keys.rotation-period: must be a positive duration"),
                Map.entry(Map.of("latchkey.passwords.hashing-concurrency", "0"),
                        "latchkey.passwords.hashing-concurrency: must be between 1 and 1024, not 0"),
                Map.entry(Map.of("latchkey.housekeeping.interval", "0s"),
                        "latchkey.housekeeping.interval: must be a positive duration"),
                Map.entry(Map.of("latchkey.audit.retention", "12h"),
                        "latchkey.audit.retention: must be between 1d and 3650d, not 12h"),
                Map.entry(Map.of("latchkey.guards.accounts.lock-after", "3"),
                        "latchkey.guards.accounts.lock-after: must be more than delay-after (5) and at most 10000, not 3"),
                Map.entry(Map.of("latchkey.guards.longest-delay", "2h"),
                        "latchkey.guards.longest-delay: must be between 1s and 1h, not 2h"),
                Map.entry(Map.of("latchkey.trusted-proxies", "proxy.example.com"),
                        "latchkey.trusted-proxies[0]: 'proxy.example.com' is not an IP address or CIDR block"),
                Map.entry(Map.of("latchkey.trusted-proxies", "10.0.0.0/33"),
                        "latchkey.trusted-proxies[0]: '10.0.0.0/33' has a prefix length outside 0 to 32"),
                Map.entry(Map.of("latchkey.provision.applications[0].client-id", "spa",
                        "latchkey.provision.applications[0].redirect-uris", "/relative"),
                        "latchkey.provision.applications[0].redirect-uris: '/relative' is not absolute"),
                Map.entry(Map.of("latchkey.provision.users[0].username", "alice",
                        "latchkey.provision.users[0].password", "${ALICE_PASSWORD}"),
                        "latchkey.provision.users[0].password: the placeholder ${ALICE_PASSWORD} is not set"));
        refusals.forEach((configuration, line) -> assertRefused(output, configuration, line));
        assertThat(output.toString()).as("a secret is never repeated").doesNotContain("not base64!");
    }

    /**
     * Starts with {@code configuration}, expects the start to fail with {@code line} as the whole description of
     * Spring Boot's failure report, no stack trace, and the database as empty as it was.
     */
    private void assertRefused(CapturedOutput output, Map<String, String> configuration, String line) {
        int before = output.toString().length();
        LatchkeyServer server = LatchkeyServer.configuredWith(database, configuration);
        assertThatThrownBy(server::boot).as(line).hasMessageContaining(line.substring(0, line.indexOf(':')));
        String report = output.toString().substring(before);
        assertThat(report).as(line).contains("APPLICATION FAILED TO START");
        List<String> lines = report.lines().toList();
        int description = lines.indexOf("Description:");
        assertThat(description).as(report).isNotNegative();
        assertThat(lines.get(description + 2)).as(report).startsWith(line);
        assertThat(lines.get(description + 3)).as("one line").isEmpty();
        assertThat(report).as("no stack trace").doesNotContain("\tat ", "Caused by");
        assertUntouched(server);
    }

    private void assertUntouched(LatchkeyServer server) {
        if (database == Database.H2) {
            assertThat(server.dataDirectory().resolve("latchkey.mv.db")).as("embedded database file").doesNotExist();
            assertThat(fileNames(server.dataDirectory())).as("files written").isEmpty();
            return;
        }
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), TestDatabases.username(database), "");
                ResultSet tables = connection.getMetaData().getTables(null, "public", "%", new String[] { "TABLE" })) {
            assertThat(tables.next()).as("a table in the fresh database").isFalse();
        }
        catch (java.sql.SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static List<String> fileNames(Path directory) {
        try (var files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).toList();
        }
        catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
