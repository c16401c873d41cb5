package dev.latchkey.admin;

import static dev.latchkey.admin.AdminApi.list;
import static dev.latchkey.admin.AdminApi.problems;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;

/** The management API's users, grants, keys and audit events, and its OpenAPI description. */
@ParameterizedClass
@EnumSource(Database.class)
class AdminApiUsersGrantsKeysTests {

    @Parameter
    Database database;

    LatchkeyServer server() {
        return AdminWorld.server(database);
    }

    @Test
    void createUserWithGeneratedPasswordWhoCanThenSignIn() {
        AdminApi api = AdminApi.asRobot(server());
        String username = "api-user-" + UUID.randomUUID().toString().substring(0, 8);

        Response created = api.post("/admin/api/users", Map.of("username", username));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.jsonString("id");
        assertThat(created.header("Location")).isEqualTo("/admin/api/users/" + id);
        assertThat(created.json()).containsEntry("username", username).containsEntry("enabled", true)
            .containsEntry("admin", false);
        String password = created.jsonString("password");
        assertThat(password).hasSize(22);
        assertThat(server().client().login(username, password).header("Location")).doesNotContain("error");
        Response read = api.get("/admin/api/users/" + id);
        assertThat(read.json()).doesNotContainKey("password");
        assertThat(list(api.get("/admin/api/users"))).extracting(user -> user.get("username")).contains(username);
        assertThat(api.get("/admin/api/users").body()).doesNotContain("password");
    }

    @Test
    void createUserWithChosenPasswordReturnsNoPasswordAndRefusesBadInput() {
        AdminApi api = AdminApi.asRobot(server());
        String username = "chosen-" + UUID.randomUUID().toString().substring(0, 8);
        Response created = api.post("/admin/api/users", Map.of("username", username, "password", "chosen-password",
                "admin", true));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json()).doesNotContainKey("password").containsEntry("admin", true);

        Response duplicate = api.post("/admin/api/users", Map.of("username", username, "password", "another-password"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json()).containsEntry("error", "conflict");

        Response shortPassword = api.post("/admin/api/users", Map.of("username", "x-" + username, "password", "short"));
        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(problems(shortPassword)).extracting(problem -> problem.get("field")).containsExactly("password");

        Response blankName = api.post("/admin/api/users", Map.of("username", " "));
        assertThat(blankName.status()).isEqualTo(400);
        assertThat(problems(blankName)).extracting(problem -> problem.get("field")).containsExactly("username");

        Response unknownField = api.post("/admin/api/users", Map.of("username", "y-" + username, "role", "admin"));
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(problems(unknownField)).extracting(problem -> problem.get("field")).containsExactly("role");

        Response wrongType = api.post("/admin/api/users", Map.of("username", "z-" + username, "admin", "yes"));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(problems(wrongType)).extracting(problem -> problem.get("field")).containsExactly("admin");
    }

    @Test
    void disableUserRefusesTheirLoginAndRefreshTokensThenEnableLetsThemBackIn() {
        AdminApi api = AdminApi.asRobot(server());
        String username = "disable-" + UUID.randomUUID().toString().substring(0, 8);
        String id = api.post("/admin/api/users", Map.of("username", username, "password", "disable-password"))
            .jsonString("id");
        OAuthClient user = server().client();
        user.login(username, "disable-password");
        Response tokens = spaTokens(user);

        Response disabled = api.patch("/admin/api/users/" + id, Map.of("enabled", false));

        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.json()).containsEntry("enabled", false);
        assertThat(server().client().login(username, "disable-password").header("Location")).endsWith("/login?error");
        assertThat(refresh(tokens).status()).isEqualTo(400);
        assertThat(server().client().getWithBearer("/api/test/", tokens.jsonString("access_token")).status())
            .isEqualTo(401);

        assertThat(api.patch("/admin/api/users/" + id, Map.of("enabled", true)).json()).containsEntry("enabled", true);
        assertThat(server().client().login(username, "disable-password").header("Location")).doesNotContain("error");
    }

    @Test
    void changePasswordAndAdminRoleThenDelete() {
        AdminApi api = AdminApi.asRobot(server());
        String username = "change-" + UUID.randomUUID().toString().substring(0, 8);
        String id = api.post("/admin/api/users", Map.of("username", username, "password", "first-password"))
            .jsonString("id");

        Response changed = api.patch("/admin/api/users/" + id, Map.of("password", "second-password", "admin", true));

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json()).containsEntry("admin", true).doesNotContainKey("password");
        assertThat(server().client().login(username, "first-password").header("Location")).endsWith("?error");
        assertThat(server().client().login(username, "second-password").header("Location")).doesNotContain("error");
        assertThat(api.patch("/admin/api/users/" + id, Map.of("password", "short")).status()).isEqualTo(400);
        assertThat(api.patch("/admin/api/users/" + id, Map.of("enabled", "no")).status()).isEqualTo(400);

        assertThat(api.delete("/admin/api/users/" + id).status()).isEqualTo(204);
        assertThat(api.get("/admin/api/users/" + id).status()).isEqualTo(404);
        assertThat(api.delete("/admin/api/users/" + id).status()).isEqualTo(404);
        assertThat(api.patch("/admin/api/users/" + id, Map.of("enabled", false)).status()).isEqualTo(404);
        assertThat(server().client().login(username, "second-password").header("Location")).endsWith("?error");
    }

    @Test
    void theLastEnabledAdminCannotBeDisabledDemotedOrDeleted() {
        AdminApi api = AdminApi.asRobot(server());
        List<Map<String, Object>> users = list(api.get("/admin/api/users"));
        String lastId = (String) users.stream()
            .filter(user -> AdminWorld.ADMIN.equals(user.get("username")))
            .findFirst()
            .orElseThrow()
            .get("id");
        users.stream()
            .filter(user -> Boolean.TRUE.equals(user.get("admin")) && !lastId.equals(user.get("id")))
            .forEach(admin -> assertThat(api.patch("/admin/api/users/" + admin.get("id"), Map.of("admin", false))
                .status()).isEqualTo(200));

        Response disable = api.patch("/admin/api/users/" + lastId, Map.of("enabled", false));
        assertThat(disable.status()).isEqualTo(409);
        assertThat(disable.jsonString("error_description")).contains("last enabled admin");
        assertThat(api.patch("/admin/api/users/" + lastId, Map.of("admin", false)).status()).isEqualTo(409);
        assertThat(api.delete("/admin/api/users/" + lastId).status()).isEqualTo(409);
        assertThat(api.get("/admin/api/users/" + lastId).json()).containsEntry("enabled", true).containsEntry("admin", true);
    }

    @Test
    void grantsAreListedByUserAndApplicationAndRevokedOneOrAll() {
        AdminApi api = AdminApi.asRobot(server());
        String username = "grants-" + UUID.randomUUID().toString().substring(0, 8);
        api.post("/admin/api/users", Map.of("username", username, "password", "grants-password"));
        OAuthClient user = server().client();
        user.login(username, "grants-password");
        Response first = spaTokens(user);
        Response second = spaTokens(user);
        Response third = spaTokens(user);

        List<Map<String, Object>> grants = list(api.get("/admin/api/grants?user=" + username));
        assertThat(grants).hasSize(3).allSatisfy(grant -> assertThat(grant).containsEntry("user", username)
            .containsEntry("client_id", SPA)
            .containsEntry("grant_type", "authorization_code")
            .containsEntry("scope", "read")
            .containsKeys("id", "authorized_at", "expires_at"));
        assertThat(list(api.get("/admin/api/grants?client_id=" + SPA))).extracting(grant -> grant.get("user"))
            .contains(username);
        assertThat(api.get("/admin/api/grants?user=" + username).body()).doesNotContain(
                first.jsonString("access_token"), first.jsonString("refresh_token"));

        String firstId = grantId(first);
        assertThat(api.delete("/admin/api/grants/" + firstId).status()).isEqualTo(204);
        assertThat(api.delete("/admin/api/grants/" + firstId).status()).isEqualTo(404);
        assertThat(api.delete("/admin/api/grants/no-such-grant").status()).isEqualTo(404);
        assertThat(refresh(first).status()).isEqualTo(400);
        assertThat(server().client().getWithBearer("/api/test/", second.jsonString("access_token")).status())
            .isEqualTo(200);

        Response all = api.delete("/admin/api/grants?user=" + username);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json()).containsEntry("revoked", 2);
        assertThat(refresh(second).status()).isEqualTo(400);
        assertThat(server().client().getWithBearer("/api/test/", third.jsonString("access_token")).status())
            .isEqualTo(401);
        assertThat(list(api.get("/admin/api/grants?user=" + username))).isEmpty();

        Response neither = api.delete("/admin/api/grants");
        assertThat(neither.status()).isEqualTo(400);
        assertThat(problems(neither)).hasSize(1);
        assertThat(api.delete("/admin/api/grants?user=x&client_id=y").status()).isEqualTo(400);
    }

    @Test
    void revokeAllOfAnApplicationKillsItsClientCredentialsTokens() {
        AdminApi api = AdminApi.asRobot(server());
        String clientId = "machine-" + UUID.randomUUID();
        String secret = api.post("/admin/api/applications", AdminApiApplicationsTests.confidential(clientId))
            .jsonString("client_secret");
        String token = server().client().postWithBasic("/o/token/", clientId, secret,
                Map.of("grant_type", "client_credentials", "scope", "read")).jsonString("access_token");
        List<Map<String, Object>> grants = list(api.get("/admin/api/grants?client_id=" + clientId));
        assertThat(grants).hasSize(1);
        assertThat(grants.get(0)).containsEntry("grant_type", "client_credentials").doesNotContainKey("user");

        assertThat(api.delete("/admin/api/grants?client_id=" + clientId).json()).containsEntry("revoked", 1);

        assertThat(server().client().getWithBearer("/api/test/", token).status()).isEqualTo(401);
    }

    @Test
    void keysAreListedWithoutKeyMaterialAndRotateWithOverlap() {
        AdminApi api = AdminApi.asRobot(server());
        String before = AdminApi.asRobot(server()).get("/admin/api/keys").body();
        OAuthClient user = server().client();
        String oldToken = server().client().postWithBasic("/o/token/", AdminWorld.ROBOT, AdminWorld.ROBOT_SECRET,
                Map.of("grant_type", "client_credentials", "scope", AdminWorld.ADMIN_SCOPE)).jsonString("access_token");
        List<Map<String, Object>> keys = list(api.get("/admin/api/keys"));
        assertThat(keys).extracting(key -> key.get("state")).contains("active");
        assertThat(keys).filteredOn(key -> "active".equals(key.get("state"))).extracting(key -> key.get("alg"))
            .containsExactlyInAnyOrder("RS256", "ES256");
        assertThat(before).doesNotContain("\"d\"", "\"n\"", "\"x\"", "private");

        Response rotated = api.post("/admin/api/keys/rotate", null);

        assertThat(rotated.status()).isEqualTo(201);
        List<Map<String, Object>> created = list(rotated);
        assertThat(created).extracting(key -> key.get("alg")).containsExactlyInAnyOrder("RS256", "ES256");
        assertThat(created).allSatisfy(key -> assertThat(key).containsEntry("state", "active"));
        Set<Object> previouslyActive = new HashSet<>();
        keys.stream().filter(key -> "active".equals(key.get("state"))).forEach(key -> previouslyActive.add(key.get("kid")));
        assertThat(list(api.get("/admin/api/keys"))).filteredOn(key -> previouslyActive.contains(key.get("kid")))
            .allSatisfy(key -> assertThat(key).containsEntry("state", "published"));
        assertThat(AdminApi.withToken(server(), oldToken).get("/admin/api/keys").status())
            .as("tokens signed by the previous key still verify").isEqualTo(200);
        assertThat(user).isNotNull();
    }

    @Test
    void auditEventsRecordWhoDidWhatWithoutSecrets() {
        AdminApi api = AdminApi.asRobot(server());
        String clientId = "audited-" + UUID.randomUUID();
        String secret = api.post("/admin/api/applications", AdminApiApplicationsTests.confidential(clientId))
            .jsonString("client_secret");
        String rotated = api.post("/admin/api/applications/" + clientId + "/secret", null).jsonString("client_secret");

        Response events = api.get("/admin/api/audit-events?category=change&limit=1000");

        assertThat(events.status()).isEqualTo(200);
        assertThat(list(events)).filteredOn(event -> clientId.equals(event.get("target")))
            .extracting(event -> event.get("action"))
            .containsExactly("application.secret-rotated", "application.created");
        assertThat(list(events)).filteredOn(event -> clientId.equals(event.get("target")))
            .allSatisfy(event -> assertThat(event).containsEntry("actor", "client:" + AdminWorld.ROBOT)
                .containsEntry("category", "change")
                .containsKeys("id", "occurred_at"));
        assertThat(api.get("/admin/api/audit-events?limit=1000").body()).doesNotContain(secret, rotated);
        assertThat(list(api.get("/admin/api/audit-events?limit=1"))).hasSize(1);
        assertThat(api.get("/admin/api/audit-events?category=bogus").status()).isEqualTo(400);
        assertThat(api.get("/admin/api/audit-events?limit=0").status()).isEqualTo(400);
        assertThat(api.get("/admin/api/audit-events?limit=many").status()).isEqualTo(400);
    }

    @Test
    void openApiDocumentIsPublicAndDescribesEveryEndpoint() {
        Response document = server().client().get("/admin/api/openapi.json", Map.of("Accept", "application/json"));
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.header("Content-Type")).startsWith("application/json");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.json().get("paths");
        assertThat(document.json()).containsEntry("openapi", "3.1.0");

        Set<String> served = new HashSet<>();
        server().bean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class).getHandlerMethods().forEach((mapping, handler) -> {
            if (handler.getBeanType().getPackageName().equals("dev.latchkey.admin.api")) {
                mapping.getPatternValues().forEach(pattern -> mapping.getMethodsCondition().getMethods()
                    .forEach(method -> served.add(method.name().toLowerCase(Locale.ROOT) + " "
                            + pattern.replace("{clientId}", "{client_id}"))));
            }
        });
        Set<String> documented = new HashSet<>();
        paths.forEach((path, operations) -> operations.keySet().stream().filter(key -> !key.equals("parameters"))
            .forEach(method -> documented.add(method + " " + path)));
        assertThat(documented).isEqualTo(served);
    }

    private static Response spaTokens(OAuthClient user) {
        return user.codeFlowTokens(SPA, SPA_REDIRECT, "read");
    }

    private Response refresh(Response tokens) {
        return server().client().token(Map.of("grant_type", "refresh_token", "client_id", SPA, "refresh_token",
                tokens.jsonString("refresh_token")));
    }

    private String grantId(Response tokens) {
        return server().jdbc()
            .sql("SELECT id FROM oauth_authorization WHERE refresh_token_hash = ?")
            .param(PkcePair.sha256Hex(tokens.jsonString("refresh_token")))
            .query(String.class)
            .single();
    }
}
