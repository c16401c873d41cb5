package dev.latchkey.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.File;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.TestDatabases;

/**
 * {@code java -jar latchkey.jar doctor}, run in-process with arguments as the launcher passes them: a clean
 * configuration passes with status 0; each risky setting, in the configuration or in the database, is flagged
 * with its severity and its fix, and anything severe means status 2. The database is read as the server left it.
 */
@ParameterizedClass
@EnumSource(Database.class)
class DoctorCommandTests {

    private static final String KEY_ENCRYPTION_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    private static final String APPLICATION = "doctor-app";

    @Parameter
    Database database;

    @Test
    void doctorWhenTheConfigurationIsCleanThenNothingFoundAndStatusZero() {
        try (LatchkeyServer server = LatchkeyServer.startWith(database, serverConfiguration())) {
            // An account named admin whose password changed since it was created is no first-start password.
            server.jdbc()
                .sql("INSERT INTO user_account (id, username, password_hash, enabled, admin, created_at, updated_at) "
                        + "SELECT 'changed-admin', 'admin', password_hash, TRUE, TRUE, created_at, ? FROM user_account "
                        + "WHERE username = 'root'")
                .param(OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(5))
                .update();
            Result result = doctor(readableDatabase(server), Map.of());

            assertThat(result.status()).as(result.toString()).isZero();
            assertThat(result.out()).isEqualTo("No risky setting found." + System.lineSeparator());
        }
    }

    @Test
    void doctorWhenEveryRiskySettingIsThereThenEachFlaggedWithSeverityAndFixAndStatusTwo() {
        try (LatchkeyServer server = LatchkeyServer.startWith(database, serverConfiguration())) {
            server.jdbc()
                .sql("UPDATE application SET allow_plain_pkce = TRUE, access_token_ttl_seconds = ?, "
                        + "refresh_token_ttl_seconds = ? WHERE client_id = ?")
                .params(7200, Duration.ofDays(200).toSeconds(), APPLICATION)
                .update();
            server.jdbc()
                .sql("INSERT INTO user_account (id, username, password_hash, enabled, admin, created_at, updated_at) "
                        + "SELECT 'first-admin', 'admin', password_hash, TRUE, TRUE, created_at, created_at "
                        + "FROM user_account WHERE username = 'root'")
                .update();
            Map<String, String> risky = new LinkedHashMap<>();
            risky.put("latchkey.issuer", "http://auth.example.com");
            risky.put("latchkey.demo", "true");
            risky.put("latchkey.key-encryption-key", "");
            risky.put("latchkey.guards.enabled", "false");
            risky.put("latchkey.tokens.access-token-time-to-live", "2h");
            risky.put("latchkey.tokens.refresh-token-time-to-live", "180d");
            risky.put("management.endpoints.web.exposure.include", "health,env,heapdump");
            risky.put("management.endpoint.health.show-details", "always");
            Result result = doctor(readableDatabase(server), risky, "--json");

            assertThat(result.status()).as(result.toString()).isEqualTo(2);
            JsonNode report = JsonMapper.builder().build().readTree(result.out());
            List<String> found = new ArrayList<>();
            report.get("findings").forEach(finding -> found.add(finding.get("severity").asString() + " "
                    + finding.get("check").asString() + ": " + finding.get("problem").asString() + " FIX "
                    + finding.get("fix").asString()));
            assertThat(found).anySatisfy(line -> assertThat(line).startsWith("severe issuer-not-https")
                .contains("http://auth.example.com").contains("FIX serve Latchkey over https"));
            assertThat(found).anySatisfy(line -> assertThat(line).startsWith("severe demo-mode")
                .contains("FIX start without the demo profile"));
            assertThat(found).anySatisfy(line -> assertThat(line)
                .startsWith((database == Database.H2 ? "warning" : "severe") + " key-encryption-key")
                .contains("FIX set latchkey.key-encryption-key"));
            assertThat(found).anySatisfy(line -> assertThat(line).startsWith("warning plain-pkce: application "
                    + APPLICATION).contains("FIX turn off 'Allow plain PKCE' for " + APPLICATION));
            assertThat(found).anySatisfy(line -> assertThat(line).startsWith("warning long-lived-access-tokens: "
                    + "the server's default").contains("live 2h"));
            assertThat(found).anySatisfy(line -> assertThat(line).startsWith("warning long-lived-access-tokens: "
                    + "application " + APPLICATION).contains("FIX shorten the access-token lifetime"));
            assertThat(found).anySatisfy(line -> assertThat(line).startsWith("warning long-lived-refresh-tokens: "
                    + "the server's default").contains("live 180d"));
            assertThat(found).anySatisfy(line -> assertThat(line).startsWith("warning long-lived-refresh-tokens: "
                    + "application " + APPLICATION).contains("live 200d"));
            assertThat(found).anySatisfy(line -> assertThat(line).startsWith("severe guards-off")
                .contains("FIX remove latchkey.guards.enabled=false"));
            assertThat(found).anySatisfy(line -> assertThat(line).startsWith("severe management-endpoints-exposed")
                .contains("env, heapdump").contains("FIX expose only health and prometheus"));
            assertThat(found).anySatisfy(line -> assertThat(line).startsWith("warning health-details-public")
                .contains("FIX set management.endpoint.health.show-details to never"));
            assertThat(found).anySatisfy(line -> assertThat(line).startsWith("severe first-admin-password")
                .contains("FIX sign in to the console and set a new password for admin"));
            assertThat(found).as("severe findings first").isSortedAccordingTo(
                    (a, b) -> Boolean.compare(a.startsWith("warning"), b.startsWith("warning")));
            assertThat(report.get("severe").asInt()).isEqualTo(database == Database.H2 ? 5 : 6);
        }
    }

    @Test
    void doctorWhenH2IsSharedOrInMemoryOrTheDatabaseUnreachableThenFlaggedAndNothingCreatedOrRepeated() {
        Result shared = doctor(Map.of("spring.datasource.url", "jdbc:h2:tcp://127.0.0.1:1/nowhere"), Map.of());
        assertThat(shared.status()).isEqualTo(2);
        assertThat(shared.out()).contains("SEVERE  h2-shared", "Fix: run several nodes on PostgreSQL",
                "WARNING  database-not-read");

        Result autoServer = doctor(Map.of("spring.datasource.url",
                "jdbc:h2:file:./target/doctor-absent;AUTO_SERVER=TRUE"), Map.of());
        assertThat(autoServer.out()).contains("SEVERE  h2-shared").contains("not found, and IFEXISTS=true");
        assertThat(new File("target/doctor-absent.mv.db")).as("the doctor creates no database").doesNotExist();

        Result unreachable = doctor(Map.of("spring.datasource.url",
                "jdbc:postgresql://127.0.0.1:1/nowhere?password=secret-in-the-url"), Map.of());
        assertThat(unreachable.out()).contains("WARNING  database-not-read",
                "could not connect to jdbc:postgresql://127.0.0.1:1/nowhere:").doesNotContain("secret-in-the-url");

        Result inMemory = doctor(Map.of("spring.datasource.url", "jdbc:h2:mem:doctor"), Map.of());
        assertThat(inMemory.status()).as("nothing severe").isZero();
        assertThat(inMemory.out()).contains("WARNING  h2-in-memory");
    }

    @Test
    void doctorWhenTheServerWouldRefuseASettingThenThatIsTheFindingAndStatusTwo() {
        Result result = doctor(Map.of(), Map.of("latchkey.tokens.access-token-time-to-live", "48h"));

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.out()).startsWith("SEVERE  invalid-setting").contains(
                "latchkey.tokens.access-token-time-to-live: must be between 1s and 24h, not 2d");
    }

    @Test
    void doctorWhenAnArgumentIsNoOptionThenStatusOneAndWhy() {
        Result result = doctor(Map.of(), Map.of(), "--verbose");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("'--verbose' is not an option");
        assertThat(result.out()).isEmpty();
    }

    /** The server's database as the doctor may read it: embedded H2 admits one process, so the server stops. */
    private Map<String, String> readableDatabase(LatchkeyServer server) {
        Map<String, String> connection = Map.of("spring.datasource.url", server.jdbcUrl(), "spring.datasource.username",
                TestDatabases.username(database), "latchkey.data-directory", server.dataDirectory().toString());
        if (database == Database.H2) {
            server.close();
        }
        return connection;
    }

    private static Map<String, String> serverConfiguration() {
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put("latchkey.issuer", "https://auth.example.com");
        configuration.put("latchkey.key-encryption-key", KEY_ENCRYPTION_KEY);
        configuration.put("latchkey.provision.users[0].username", "root");
        configuration.put("latchkey.provision.users[0].password", "root-correct-horse-9");
        configuration.put("latchkey.provision.users[0].admin", "true");
        configuration.put("latchkey.provision.applications[0].client-id", APPLICATION);
        configuration.put("latchkey.provision.applications[0].redirect-uris", "https://app.example.com/cb");
        configuration.put("latchkey.provision.applications[0].scopes", "read");
        return configuration;
    }

    /** Runs the command with the clean settings, then those of {@code database} and {@code settings}. */
    private Result doctor(Map<String, String> database, Map<String, String> settings, String... flags) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("latchkey.issuer", "https://auth.example.com");
        options.put("latchkey.key-encryption-key", KEY_ENCRYPTION_KEY);
        options.put("spring.datasource.password", "");
        options.putAll(database);
        options.putAll(settings);
        List<String> args = new ArrayList<>(List.of(flags));
        options.forEach((name, value) -> args.add("--" + name + "=" + value));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DoctorCommand.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int status, String out, String err) {
    }
}
