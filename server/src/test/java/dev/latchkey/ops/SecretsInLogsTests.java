package dev.latchkey.ops;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.OIDC_SPA;
import static dev.latchkey.support.TestWorld.OIDC_SPA_REDIRECT;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

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
 * With every logger at DEBUG, every flow runs and the server's whole output is searched for each password,
 * client secret, code, verifier and token the flows used: none may appear.
 */
@ParameterizedClass
@EnumSource(Database.class)
@ExtendWith(OutputCaptureExtension.class)
class SecretsInLogsTests {

    @Parameter
    Database database;

    @Test
    void noCredentialAppearsInTheOutputAtDebugLevel(CapturedOutput output) {
        Map<String, String> used = new LinkedHashMap<>();
        used.put("user password", ALICE_PASSWORD);
        used.put("client secret", BACKEND_SECRET);
        // Spring Security's own level is set too: application.yml keeps it at WARN, above the root's.
        try (LatchkeyServer server = LatchkeyServer.start(database, Map.of("logging.level.root", "DEBUG",
                "logging.level.org.springframework.security", "DEBUG"))) {
            OAuthClient browser = server.signedInClient(ALICE, ALICE_PASSWORD);
            PkcePair pkce = PkcePair.generate();
            AuthorizationResponse code = browser.authorizeCode(SPA, SPA_REDIRECT, "read write", pkce);
            used.put("code", code.code());
            used.put("code verifier", pkce.verifier());
            Response tokens = browser.redeem(SPA, code, SPA_REDIRECT, pkce.verifier());
            used.put("access token", tokens.jsonString("access_token"));
            used.put("refresh token", tokens.jsonString("refresh_token"));
            Response refreshed = browser.token(Map.of("grant_type", "refresh_token", "client_id", SPA, "refresh_token",
                    tokens.jsonString("refresh_token")));
            used.put("refreshed access token", refreshed.jsonString("access_token"));
            used.put("rotated refresh token", refreshed.jsonString("refresh_token"));
            browser.getWithBearer("/api/test/", refreshed.jsonString("access_token"));
            Response oidc = browser.codeFlowTokens(OIDC_SPA, OIDC_SPA_REDIRECT, "openid profile email");
            used.put("ID token", oidc.jsonString("id_token"));
            used.put("OpenID access token", oidc.jsonString("access_token"));
            browser.getWithBearer("/o/userinfo/", oidc.jsonString("access_token"));
            Response clientCredentials = browser.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET,
                    Map.of("grant_type", "client_credentials", "scope", "read"));
            used.put("client_credentials token", clientCredentials.jsonString("access_token"));
            browser.postWithBasic("/o/introspect/", BACKEND, BACKEND_SECRET,
                    Map.of("token", clientCredentials.jsonString("access_token")));
            browser.postWithBasic("/o/revoke_token/", BACKEND, BACKEND_SECRET,
                    Map.of("token", clientCredentials.jsonString("access_token")));
            browser.token(Map.of("grant_type", "refresh_token", "client_id", SPA, "refresh_token",
                    tokens.jsonString("refresh_token")));
            server.client().login(ALICE, "a-wrong-password-" + ALICE_PASSWORD);
        }

        // The test's own HTTP client logs at DEBUG into the same output; it is the server's that is searched.
        String everything = output.toString()
            .lines()
            .filter(line -> !line.contains("jdk.internal.httpclient"))
            .collect(Collectors.joining("\n"));
        assertThat(everything).as("the server logged its requests at DEBUG").contains("Securing POST /o/token/")
            .contains("Securing GET /o/authorize/");
        used.forEach((what, value) -> assertThat(value).as(what).isNotBlank());
        used.forEach((what, value) -> assertThat(everything).as(what + " must not be logged").doesNotContain(value));
    }
}
