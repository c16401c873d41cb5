package dev.latchkey.admin;

import static dev.latchkey.support.TestWorld.JWT_SPA;
import static dev.latchkey.support.TestWorld.JWT_SPA_REDIRECT;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.StoredValues;

/**
 * After the console's and the API's flows, every table of the database is read back, every column of every
 * row (serialized session attributes included): no client secret, password, code, access token or refresh
 * token appears in a form that could be presented. What is stored is a hash.
 */
@ParameterizedClass
@EnumSource(Database.class)
class AdminSecretsAtRestTests {

    @Parameter
    Database database;

    LatchkeyServer server() {
        return AdminWorld.server(database);
    }

    @Test
    void databaseHoldsNoUsableSecretOrTokenAfterTheAdminFlows() {
        Map<String, String> credentials = new LinkedHashMap<>();
        AdminApi api = AdminApi.asRobot(server());
        credentials.put("robot secret", AdminWorld.ROBOT_SECRET);
        credentials.put("admin password", AdminWorld.ADMIN_PASSWORD);

        String clientId = "at-rest-" + UUID.randomUUID();
        credentials.put("generated client secret", api.post("/admin/api/applications",
                AdminApiApplicationsTests.confidential(clientId)).jsonString("client_secret"));
        String rotated = api.post("/admin/api/applications/" + clientId + "/secret", null).jsonString("client_secret");
        credentials.put("rotated client secret", rotated);
        credentials.put("client_credentials access token", server().client().postWithBasic("/o/token/", clientId,
                rotated, Map.of("grant_type", "client_credentials", "scope", "read")).jsonString("access_token"));

        String username = "at-rest-" + UUID.randomUUID().toString().substring(0, 8);
        Response user = api.post("/admin/api/users", Map.of("username", username));
        String password = user.jsonString("password");
        credentials.put("generated password", password);
        String id = user.jsonString("id");
        credentials.put("reset password", "reset-password-" + UUID.randomUUID());
        api.patch("/admin/api/users/" + id, Map.of("password", credentials.get("reset password")));

        OAuthClient browser = server().client();
        browser.login(username, credentials.get("reset password"));
        PkcePair pkce = PkcePair.generate();
        OAuthClient.AuthorizationResponse code = browser.authorizeCode(SPA, SPA_REDIRECT, "read write", pkce);
        credentials.put("authorization code", code.code());
        Response tokens = browser.redeem(SPA, code, SPA_REDIRECT, pkce.verifier());
        credentials.put("access token", tokens.jsonString("access_token"));
        credentials.put("refresh token", tokens.jsonString("refresh_token"));
        Response refreshed = server().client().token(Map.of("grant_type", "refresh_token", "client_id", SPA,
                "refresh_token", tokens.jsonString("refresh_token")));
        credentials.put("refreshed access token", refreshed.jsonString("access_token"));
        credentials.put("rotated refresh token", refreshed.jsonString("refresh_token"));
        // Reference access tokens are the default; an application set to JWTs gets tokens that must not be stored
        // either (only their hashes).
        PkcePair jwtPkce = PkcePair.generate();
        Response jwtTokens = browser.redeem(JWT_SPA, browser.authorizeCode(JWT_SPA, JWT_SPA_REDIRECT, "read", jwtPkce),
                JWT_SPA_REDIRECT, jwtPkce.verifier());
        assertThat(jwtTokens.jsonString("access_token").split("\\.")).hasSize(3);
        credentials.put("JWT access token", jwtTokens.jsonString("access_token"));
        credentials.put("JWT application's refreshed access token", server().client()
            .token(Map.of("grant_type", "refresh_token", "client_id", JWT_SPA, "refresh_token",
                    jwtTokens.jsonString("refresh_token")))
            .jsonString("access_token"));

        OAuthClient console = server().client();
        console.login(AdminWorld.ADMIN, AdminWorld.ADMIN_PASSWORD);
        assertThat(console.get("/admin/grants", Map.of("Accept", "text/html")).status()).isEqualTo(200);
        credentials.values().forEach(value -> assertThat(value).isNotBlank());

        List<String> everything = StoredValues.of(server(), "application", "user_account", "oauth_authorization",
                "audit_event", "spring_session_attributes", "signing_key");

        assertThat(everything).isNotEmpty();
        credentials.forEach((what, value) -> assertThat(everything).as(what + " must not be stored")
            .noneSatisfy(stored -> assertThat(stored).contains(value)));
        // A JWT: two base64url JSON objects and a signature, dot-separated. Random base64 (encrypted keys) may hold
        // "eyJ" by chance, never the dots.
        assertThat(everything).as("no JWT is stored").noneSatisfy(stored -> assertThat(stored)
            .containsPattern("eyJ[A-Za-z0-9_-]*\\.eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+"));
        assertThat(everything).as("the rotated secret is stored as its SHA-256")
            .contains(PkcePair.sha256Hex(rotated));
        assertThat(everything).as("the refresh token is stored as its SHA-256")
            .contains(PkcePair.sha256Hex(refreshed.jsonString("refresh_token")));
        assertThat(server().jdbc().sql("SELECT password_hash FROM user_account WHERE id = ?").param(id)
            .query(String.class).single()).startsWith("$argon2id$");
    }
}
