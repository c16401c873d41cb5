package dev.latchkey.admin;

import static dev.latchkey.admin.AdminApi.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import tools.jackson.databind.json.JsonMapper;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.RawHttp;
import dev.latchkey.support.RawHttp.Answer;

/**
 * Management API requests the hostile-request fuzz ({@code dev.latchkey.fuzz}) found answered with a 500: values
 * longer than their columns (a database error), and an {@code Accept} that admits no JSON, which Spring only
 * noticed after the change was made. Each is a 4xx that names the problem, and nothing is stored.
 */
@ParameterizedClass
@EnumSource(Database.class)
class AdminApiHostileInputTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Parameter
    Database database;

    LatchkeyServer server() {
        return AdminWorld.server(database);
    }

    @Test
    void createUserWhenAcceptAdmitsNoJsonThen406AndNoUserIsCreated() {
        String username = "accept-" + UUID.randomUUID().toString().substring(0, 8);

        Answer refused = RawHttp.send(server(), "POST", "/admin/api/users",
                JSON.writeValueAsString(Map.of("username", username, "password", "accept-password-1")),
                "Content-Type: application/json", "Accept: text/html", "Authorization: Bearer " + robotToken());

        assertThat(refused.status()).as(refused.toString()).isEqualTo(406);
        assertThat(refused.text()).contains("\"error\":\"invalid_request\"").contains("Accept: application/json");
        assertThat(users(username)).as("no user was created").isZero();
    }

    @Test
    void createApplicationWhenContentTypeIsAWildcardThen415AndNothingIsCreated() {
        Answer refused = RawHttp.send(server(), "POST", "/admin/api/applications", application("wildcard-app",
                List.of("https://wildcard.example/cb"), "read"), "Content-Type: */*", "Accept: application/json",
                "Authorization: Bearer " + robotToken());

        assertThat(refused.status()).as(refused.toString()).isEqualTo(415);
        assertThat(refused.text()).contains("\"error\":\"invalid_request\"").contains("not a pattern such as */*");
        assertThat(applications("wildcard-app")).isZero();
    }

    @Test
    void createApplicationWhenScopesAndRedirectUrisDoNotFitTheirColumnsThenInvalidClientMetadataNamingEach() {
        List<String> scopes = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            scopes.add("s" + i);
        }
        List<String> redirectUris = Collections.nCopies(100, "https://long.example/" + "a".repeat(1000));

        Response refused = AdminApi.asRobot(server()).post("/admin/api/applications",
                application("long-app", redirectUris, String.join(" ", scopes)));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json()).containsEntry("error", "invalid_client_metadata");
        assertThat(problems(refused)).extracting(problem -> problem.get("field") + ": " + problem.get("message"))
            .contains("redirect_uris: a URI of 1021 characters is too long: each may have at most 1000")
            .anyMatch(problem -> problem.startsWith("scope: are 58889 characters together") && problem.endsWith("at most 1000 fit"));
        assertThat(applications("long-app")).isZero();
    }

    @Test
    void createUserWhenUsernameOrNameHoldsALineBreakThen400NamingTheFieldAndNoUserIsCreated() {
        AdminApi api = AdminApi.asRobot(server());

        Response username = api.post("/admin/api/users", Map.of("username", "eve\nINFO forged", "password",
                "forged-password-1"));
        Response name = api.post("/admin/api/users", Map.of("username", "eve-forger", "password", "forged-password-1",
                "name", "Eve\u0000"));

        assertThat(username.status()).as(username.toString()).isEqualTo(400);
        assertThat(problems(username)).extracting(problem -> problem.get("field")).containsExactly("username");
        assertThat(name.status()).as(name.toString()).isEqualTo(400);
        assertThat(problems(name)).extracting(problem -> problem.get("field")).containsExactly("name");
        assertThat(users("eve\nINFO forged") + users("eve-forger")).isZero();
    }

    private static String application(String clientId, List<String> redirectUris, String scope) {
        return JSON.writeValueAsString(Map.of("client_id", clientId, "client_name", "Hostile input",
                "token_endpoint_auth_method", "none", "grant_types", List.of("authorization_code"), "redirect_uris",
                redirectUris, "scope", scope));
    }

    private String robotToken() {
        return server().client()
            .postWithBasic("/o/token/", AdminWorld.ROBOT, AdminWorld.ROBOT_SECRET,
                    Map.of("grant_type", "client_credentials", "scope", AdminWorld.ADMIN_SCOPE))
            .jsonString("access_token");
    }

    private long users(String username) {
        return server().jdbc()
            .sql("SELECT COUNT(*) FROM user_account WHERE username = ?")
            .param(username)
            .query(Long.class)
            .single();
    }

    private long applications(String clientId) {
        return server().jdbc()
            .sql("SELECT COUNT(*) FROM application WHERE client_id = ?")
            .param(clientId)
            .query(Long.class)
            .single();
    }
}
