package dev.latchkey.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCrypt;

import com.nimbusds.jwt.SignedJWT;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.PkcePair;
import dev.latchkey.user.Passwords;

/**
 * Provisioning from configuration, as an operator writes it: applied idempotently at every start, serving
 * exactly what is configured; bad entries stop the start with a message naming the property.
 */
@ParameterizedClass
@EnumSource(Database.class)
class ProvisioningTests {

    /** Issue 2's example, verbatim but for the secrets coming from "environment" placeholders. */
    private static final String OPERATOR_FILE = """
            latchkey:
              provision:
                users:
                  - username: alice
                    password: ${ALICE_PASSWORD}
                applications:
                  - client-id: my-sexy-spa
                    name: My sexy SPA
                    type: public
                    grant-types: [authorization_code, refresh_token]
                    redirect-uris: [http://my-sexy-spa/]
                    scopes: [read, write]
                    skip-authorization: true
                    allowed-origins: [http://my-sexy-spa]
                  - client-id: demo-backend
                    name: Demo backend
                    type: confidential
                    secret: ${DEMO_BACKEND_SECRET}
                    grant-types: [client_credentials, authorization_code, refresh_token]
                    redirect-uris: [http://127.0.0.1:18999/cb]
                    scopes: [read, write]
            """;

    private static final String ALICE_PASSWORD = "operator-chosen-password-1";

    private static final String SECRET = "a-secret-of-forty-characters-0123456789";

    @Parameter
    Database database;

    @TempDir
    Path directory;

    @Test
    void operatorFileServesExactlyItsUsersAndApplicationsAndIsIdempotent() throws IOException {
        try (LatchkeyServer server = LatchkeyServer.startWith(database, operatorFile(SECRET))) {
            assertServesExactlyTheOperatorsWorld(server, SECRET);
            server.restart();
            assertServesExactlyTheOperatorsWorld(server, SECRET);
        }
    }

    @Test
    void changingTheConfiguredSecretReplacesTheOldOne() throws IOException {
        try (LatchkeyServer server = LatchkeyServer.startWith(database, operatorFile(SECRET))) {
            assertThat(clientCredentials(server, SECRET)).isEqualTo(200);
            // The same server and database, restarted with the variable changed.
            server.restartWith(Map.of("DEMO_BACKEND_SECRET", SECRET + "-rotated"));
            assertThat(clientCredentials(server, SECRET + "-rotated")).isEqualTo(200);
            assertThat(clientCredentials(server, SECRET)).isEqualTo(401);
        }
    }

    @Test
    void shortSecretStopsTheStartWithAMessageNamingTheProperty() throws IOException {
        Map<String, String> configuration = operatorFile("too-short");
        assertThatThrownBy(() -> LatchkeyServer.startWith(database, configuration))
            .isInstanceOf(ProvisioningException.class)
            .hasMessageContaining("latchkey.provision.applications[1].secret")
            .hasMessageContaining("at least 32 characters");
    }

    @Test
    void accessTokenFormatIsAppliedAndAChangedFileChangesItAtTheNextStart() throws Exception {
        Map<String, String> configuration = backendFormatFile("${BACKEND_FORMAT}", "${BACKEND_ALGORITHM}");
        configuration.put("BACKEND_FORMAT", "jwt");
        configuration.put("BACKEND_ALGORITHM", "ES256");
        try (LatchkeyServer server = LatchkeyServer.startWith(database, configuration)) {
            assertThat(storedFormat(server)).containsExactly("jwt", "ES256");
            assertThat(SignedJWT.parse(backendToken(server)).getHeader().getAlgorithm().getName()).isEqualTo("ES256");

            server.restartWith(Map.of("BACKEND_FORMAT", "reference", "BACKEND_ALGORITHM", ""));

            assertThat(storedFormat(server)).containsExactly("reference", null);
            assertThat(backendToken(server)).doesNotContain(".");
        }
    }

    @Test
    void accessTokenFormatOrAlgorithmNotOfferedStopsTheStartNamingTheProperty() throws IOException {
        Map<String, String> opaque = backendFormatFile("opaque", "");
        assertThatThrownBy(() -> LatchkeyServer.startWith(database, opaque))
            .isInstanceOf(ProvisioningException.class)
            .hasMessageContaining("latchkey.provision.applications[1].access-token-format: 'opaque' is not offered")
            .hasMessageContaining("use reference");
        Map<String, String> referenceWithAlgorithm = backendFormatFile("reference", "ES256");
        assertThatThrownBy(() -> LatchkeyServer.startWith(database, referenceWithAlgorithm))
            .isInstanceOf(ProvisioningException.class)
            .hasMessageContaining("latchkey.provision.applications[1].access-token-signing-algorithm: applies only to "
                    + "JWT access tokens");
        Map<String, String> hs256 = backendFormatFile("jwt", "HS256");
        assertThatThrownBy(() -> LatchkeyServer.startWith(database, hs256))
            .isInstanceOf(ProvisioningException.class)
            .hasMessageContaining("latchkey.provision.applications[1].access-token-signing-algorithm: 'HS256' is not "
                    + "offered");
    }

    @Test
    void unsetEnvironmentVariableStopsTheStartInsteadOfBecomingAPassword() throws IOException {
        Map<String, String> configuration = operatorFile(SECRET);
        configuration.remove("ALICE_PASSWORD");
        assertThatThrownBy(() -> LatchkeyServer.startWith(database, configuration))
            .isInstanceOf(ProvisioningException.class)
            .hasMessageContaining("latchkey.provision.users[0].password")
            .hasMessageContaining("${ALICE_PASSWORD}")
            .hasMessageContaining("not set");
    }

    @Test
    void passwordHashProvisionsAUserWhoSignsInWithThePasswordAndAnotherHashReplacesIt() throws IOException {
        String hash = Passwords.encoder(1).encode(ALICE_PASSWORD);
        try (LatchkeyServer server = LatchkeyServer.startWith(database, userFile("password-hash: '" + hash + "'"))) {
            assertThat(server.client().login("alice", ALICE_PASSWORD).header("Location")).doesNotContain("error");
            assertThat(server.client().login("alice", "a-wrong-password").header("Location")).contains("error");
            assertThat(storedHash(server)).isEqualTo(hash);
            Object updatedAt = server.jdbc().sql("SELECT updated_at FROM user_account").query().singleValue();
            server.restart();
            assertThat(server.jdbc().sql("SELECT updated_at FROM user_account").query().singleValue()).isEqualTo(updatedAt);

            // The operator puts another hash in the same file; the next start of the same server replaces it.
            String rotated = Passwords.encoder(1).encode("the-rotated-password");
            userFile("password-hash: '" + rotated + "'");
            server.restart();
            assertThat(storedHash(server)).isEqualTo(rotated);
            assertThat(server.client().login("alice", "the-rotated-password").header("Location")).doesNotContain("error");
            assertThat(server.client().login("alice", ALICE_PASSWORD).header("Location")).contains("error");
        }
    }

    @Test
    void weakOrMalformedPasswordHashesAndBothFormsTogetherStopTheStart() throws IOException {
        String weak = new Argon2PasswordEncoder(16, 32, 1, 4096, 2).encode(ALICE_PASSWORD);
        Map<String, String> problems = Map.of(
                "password-hash: '" + weak + "'", "weaker than Latchkey's own",
                "password-hash: '" + BCrypt.hashpw(ALICE_PASSWORD, BCrypt.gensalt()) + "'", "must be an Argon2id hash",
                "password-hash: '" + Passwords.encoder(1).encode(ALICE_PASSWORD) + "'\n        password: x-clear-password",
                "either password or password-hash, not both");
        for (Map.Entry<String, String> problem : problems.entrySet()) {
            Map<String, String> configuration = userFile(problem.getKey());
            assertThatThrownBy(() -> LatchkeyServer.startWith(database, configuration))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("latchkey.provision.users[0]")
                .hasMessageContaining(problem.getValue());
        }
    }

    @Test
    void demoModeProvisionsTheSeedsWorldAndPrintsCredentialsOnlyOnce() {
        Map<String, String> demo = Map.of("spring.profiles.active", "demo");
        String[] firstOutput = new String[1];
        LatchkeyServer server = captureOutput(() -> LatchkeyServer.startWith(database, demo), firstOutput);
        try {
            assertThat(firstOutput[0]).contains("Demo user: username 'alice'").contains("client_secret '");
            assertThat(names(server, "SELECT username FROM user_account")).containsExactly("alice");
            assertThat(names(server, "SELECT client_id FROM application ORDER BY client_id"))
                .containsExactly("demo-backend", "my-sexy-spa");
            String[] secondOutput = new String[1];
            captureOutput(() -> {
                server.restart();
                return server;
            }, secondOutput);
            assertThat(secondOutput[0]).doesNotContain("client_secret '").doesNotContain("password '");
        }
        finally {
            server.close();
        }
    }

    @Test
    void emptyDatabaseWithoutProvisioningGetsAnAdminWithAOneTimePrintedPassword() {
        String[] output = new String[1];
        try (LatchkeyServer server = captureOutput(() -> LatchkeyServer.startWith(database, Map.of()), output)) {
            assertThat(output[0]).contains("Admin account created: username 'admin', password '");
            assertThat(server.jdbc().sql("SELECT admin FROM user_account WHERE username = 'admin'").query(Boolean.class)
                .single()).isTrue();
            String password = output[0].replaceAll("(?s).*username 'admin', password '([^']+)'.*", "$1");
            assertThat(server.client().login("admin", password).header("Location")).doesNotContain("error");
        }
    }

    private void assertServesExactlyTheOperatorsWorld(LatchkeyServer server, String secret) {
        assertThat(names(server, "SELECT username FROM user_account")).containsExactly("alice");
        assertThat(names(server, "SELECT client_id FROM application ORDER BY client_id"))
            .containsExactly("demo-backend", "my-sexy-spa");
        assertThat(clientCredentials(server, secret)).isEqualTo(200);
        OAuthClient browser = server.client();
        assertThat(browser.login("alice", ALICE_PASSWORD).header("Location")).doesNotContain("error");
        PkcePair pkce = PkcePair.generate();
        assertThat(browser.redeem("my-sexy-spa", browser.authorizeCode("my-sexy-spa", "http://my-sexy-spa/", "read write",
                pkce), "http://my-sexy-spa/", pkce.verifier()).status()).isEqualTo(200);
        assertThat(server.jdbc().sql("SELECT secret_hash FROM application WHERE client_id = 'demo-backend'")
            .query(String.class)
            .single()).isEqualTo(PkcePair.sha256Hex(secret)).isNotEqualTo(secret);
    }

    private static int clientCredentials(LatchkeyServer server, String secret) {
        return server.client()
            .postWithBasic("/o/token/", "demo-backend", secret, Map.of("grant_type", "client_credentials"))
            .status();
    }

    private static List<String> names(LatchkeyServer server, String sql) {
        return server.jdbc().sql(sql).query(String.class).list();
    }

    private Map<String, String> operatorFile(String secret) throws IOException {
        Path file = directory.resolve("latchkey-" + secret.length() + ".yml");
        Files.writeString(file, OPERATOR_FILE);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.config.additional-location", "file:" + file);
        properties.put("ALICE_PASSWORD", ALICE_PASSWORD);
        properties.put("DEMO_BACKEND_SECRET", secret);
        return properties;
    }

    /** The operator's file with demo-backend's access-token format and algorithm set as given. */
    private Map<String, String> backendFormatFile(String format, String algorithm) throws IOException {
        Path file = directory.resolve("latchkey-format-" + format.hashCode() + "-" + algorithm.hashCode() + ".yml");
        Files.writeString(file, OPERATOR_FILE + "        access-token-format: \"" + format + "\"\n"
                + "        access-token-signing-algorithm: \"" + algorithm + "\"\n");
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.config.additional-location", "file:" + file);
        properties.put("ALICE_PASSWORD", ALICE_PASSWORD);
        properties.put("DEMO_BACKEND_SECRET", SECRET);
        return properties;
    }

    private static List<String> storedFormat(LatchkeyServer server) {
        return server.jdbc()
            .sql("SELECT access_token_format, access_token_signing_algorithm FROM application "
                    + "WHERE client_id = 'demo-backend'")
            .query((row, number) -> Arrays.asList(row.getString(1), row.getString(2)))
            .single();
    }

    private static String backendToken(LatchkeyServer server) {
        OAuthClient.Response issued = server.client()
            .postWithBasic("/o/token/", "demo-backend", SECRET, Map.of("grant_type", "client_credentials"));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
        return issued.jsonString("access_token");
    }

    /** Writes (or rewrites) the one users file of this test; the configuration that points at it. */
    private Map<String, String> userFile(String passwordLines) throws IOException {
        Path file = directory.resolve("users.yml");
        Files.writeString(file, """
                latchkey:
                  provision:
                    users:
                      - username: alice
                        %s
                """.formatted(passwordLines));
        return Map.of("spring.config.additional-location", "file:" + file);
    }

    private static String storedHash(LatchkeyServer server) {
        return server.jdbc().sql("SELECT password_hash FROM user_account WHERE username = 'alice'").query(String.class)
            .single();
    }

    private static LatchkeyServer captureOutput(Supplier<LatchkeyServer> action, String[] output) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return action.get();
        }
        finally {
            System.setOut(original);
            output[0] = captured.toString(StandardCharsets.UTF_8);
        }
    }
}
