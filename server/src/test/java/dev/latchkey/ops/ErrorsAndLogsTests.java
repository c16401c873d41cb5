package dev.latchkey.ops;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.AuthorizationResponse;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;

/**
 * Anything unexpected is a generic server_error with a request id to quote, the details go to the log;
 * and no password, secret, code or token ever appears in the log.
 */
@ParameterizedClass
@EnumSource(Database.class)
@ExtendWith(OutputCaptureExtension.class)
class ErrorsAndLogsTests {

    @Parameter
    Database database;

    LatchkeyServer server;

    @BeforeEach
    void start() {
        server = LatchkeyServer.start(database);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void unexpectedFailureIsAGenericServerErrorWithARequestIdAndNoDetails(CapturedOutput output) {
        server.jdbc().sql("DROP TABLE oauth_authorization").update();

        Response response = server.client()
            .postWithBasic("/o/token/", BACKEND, BACKEND_SECRET, Map.of("grant_type", "client_credentials"));

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.json()).containsEntry("error", "server_error").doesNotContainKey("access_token");
        String requestId = response.header("X-Request-Id");
        assertThat(requestId).isNotBlank();
        assertThat(response.jsonString("error_description")).contains(requestId);
        assertThat(response.body()).doesNotContainIgnoringCase("exception")
            .doesNotContainIgnoringCase("sql")
            .doesNotContain("oauth_authorization")
            .doesNotContain("at dev.latchkey");
        assertThat(output.getAll()).contains("request id " + requestId);
    }

    @Test
    void noCredentialOrTokenIsEverLogged(CapturedOutput output) {
        OAuthClient spa = server.client();
        assertThat(spa.login(ALICE, ALICE_PASSWORD).status()).isEqualTo(302);
        assertThat(spa.login(ALICE, "wrong-password-xyz").header("Location")).contains("error");
        PkcePair pkce = PkcePair.generate();
        AuthorizationResponse code = spa.authorizeCode(SPA, SPA_REDIRECT, "read write", pkce);
        Response issued = spa.redeem(SPA, code, SPA_REDIRECT, pkce.verifier());
        Response replay = spa.redeem(SPA, code, SPA_REDIRECT, pkce.verifier());
        assertThat(replay.status()).isEqualTo(400);
        Response backend = spa.postWithBasic("/o/token/", BACKEND, "wrong-" + BACKEND_SECRET,
                Map.of("grant_type", "client_credentials"));
        assertThat(backend.status()).isEqualTo(401);
        Response clientCredentials = spa.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET,
                Map.of("grant_type", "client_credentials"));

        String logs = output.getAll();
        assertThat(logs).contains("Revoked grant");
        for (String secret : List.of(ALICE_PASSWORD, "wrong-password-xyz", BACKEND_SECRET, code.code(), pkce.verifier(),
                issued.jsonString("access_token"), issued.jsonString("refresh_token"),
                clientCredentials.jsonString("access_token"))) {
            assertThat(logs).doesNotContain(secret);
        }
    }
}
