package dev.latchkey.admin;

import static dev.latchkey.admin.AdminApi.list;
import static dev.latchkey.admin.AdminApi.problems;
import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.user.UserService;

/**
 * The management API's applications and its access rule: a bearer token with latchkey:admin, which only a
 * confidential application's client_credentials request obtains.
 */
@ParameterizedClass
@EnumSource(Database.class)
class AdminApiApplicationsTests {

    @Parameter
    Database database;

    LatchkeyServer server() {
        return AdminWorld.server(database);
    }

    @Test
    void requestWithoutTokenIsUnauthorized() {
        for (String path : List.of("/admin/api/applications", "/admin/api/users", "/admin/api/grants",
                "/admin/api/locks", "/admin/api/keys", "/admin/api/audit-events")) {
            Response response = AdminApi.withToken(server(), null).get(path);
            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        }
        Response forged = AdminApi.withToken(server(), "not-a-token").get("/admin/api/applications");
        assertThat(forged.status()).isEqualTo(401);
    }

    @Test
    void tokenWithoutAdminScopeIsForbidden() {
        OAuthClient backend = server().client();
        String machineToken = backend.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET,
                Map.of("grant_type", "client_credentials", "scope", "read write")).jsonString("access_token");
        Response machine = AdminApi.withToken(server(), machineToken).get("/admin/api/applications");
        assertThat(machine.status()).isEqualTo(403);
        assertThat(machine.header("WWW-Authenticate")).contains("insufficient_scope");

        OAuthClient spa = server().client();
        spa.login(ALICE, ALICE_PASSWORD);
        PkcePair pkce = PkcePair.generate();
        String userToken = spa.redeem(SPA, spa.authorizeCode(SPA, SPA_REDIRECT, "read write", pkce), SPA_REDIRECT,
                pkce.verifier()).jsonString("access_token");
        assertThat(AdminApi.withToken(server(), userToken).post("/admin/api/users",
                Map.of("username", "mallory", "password", "mallory-password")).status()).isEqualTo(403);
        assertThat(AdminApi.withToken(server(), userToken).get("/admin/api/users").status()).isEqualTo(403);
    }

    @Test
    void adminScopeIsNeverGrantedThroughAnAuthorizationRequest() {
        String clientId = "hybrid-" + UUID.randomUUID();
        Map<String, Object> hybrid = confidential(clientId);
        hybrid.put("grant_types", List.of("authorization_code", "refresh_token", "client_credentials"));
        hybrid.put("scope", "read latchkey:admin");
        assertThat(AdminApi.asRobot(server()).post("/admin/api/applications", hybrid).status()).isEqualTo(201);

        OAuthClient browser = server().client();
        browser.login(ALICE, ALICE_PASSWORD);
        Response refused = browser.authorize(Map.of("response_type", "code", "client_id", clientId, "redirect_uri",
                "https://backend.example/cb", "scope", "read latchkey:admin", "state", "s1"));
        assertThat(refused.status()).isEqualTo(302);
        assertThat(refused.locationQuery()).containsEntry("error", "invalid_scope").doesNotContainKey("code");
        assertThat(refused.locationQuery().get("error_description")).contains("latchkey:admin");
    }

    @Test
    void adminScopeOnAPublicOrUserFacingApplicationIsRefused() {
        Map<String, Object> spa = publicSpa("spa-" + UUID.randomUUID());
        spa.put("scope", "read latchkey:admin");
        Response response = AdminApi.asRobot(server()).post("/admin/api/applications", spa);
        assertThat(response.status()).isEqualTo(400);
        assertThat(problems(response)).extracting(problem -> problem.get("field")).containsExactly("scope");
    }

    @Test
    void createConfidentialApplicationReturnsItsSecretOnceAndTheSecretWorks() {
        AdminApi api = AdminApi.asRobot(server());
        String clientId = "reports-" + UUID.randomUUID();
        Response created = api.post("/admin/api/applications", confidential(clientId));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/admin/api/applications/" + clientId);
        Map<String, Object> json = created.json();
        assertThat(json).containsEntry("client_id", clientId)
            .containsEntry("client_name", "Reports")
            .containsEntry("token_endpoint_auth_method", "client_secret_basic")
            .containsEntry("scope", "read write")
            .containsEntry("redirect_uris", List.of("https://backend.example/cb"))
            .containsEntry("client_secret_expires_at", 0)
            .containsKey("client_secret_created_at");
        String secret = (String) json.get("client_secret");
        assertThat(secret).hasSize(43);

        Response read = api.get("/admin/api/applications/" + clientId);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).doesNotContainKey("client_secret").containsKey("client_secret_created_at");
        assertThat(read.body()).doesNotContain(secret);
        assertThat(list(api.get("/admin/api/applications"))).extracting(app -> app.get("client_id")).contains(clientId);
        assertThat(api.get("/admin/api/applications").body()).doesNotContain(secret);

        Response token = server().client().postWithBasic("/o/token/", clientId, secret,
                Map.of("grant_type", "client_credentials", "scope", "read"));
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
    }

    @Test
    void dpopAndPushedRequestRequirementsAreStoredReadBackAndEnforced() {
        AdminApi api = AdminApi.asRobot(server());
        String clientId = "bound-" + UUID.randomUUID();
        Map<String, Object> app = confidential(clientId);
        app.put("dpop_bound_access_tokens", true);
        app.put("require_pushed_authorization_requests", true);
        Response created = api.post("/admin/api/applications", app);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json()).containsEntry("dpop_bound_access_tokens", true)
            .containsEntry("require_pushed_authorization_requests", true);
        assertThat(api.get("/admin/api/applications/" + clientId).json()).containsEntry("dpop_bound_access_tokens", true)
            .containsEntry("require_pushed_authorization_requests", true);
        assertThat(api.get("/admin/api/applications/" + SPA).json()).containsEntry("dpop_bound_access_tokens", false)
            .containsEntry("require_pushed_authorization_requests", false);

        Response token = server().client().postWithBasic("/o/token/", clientId, (String) created.json().get("client_secret"),
                Map.of("grant_type", "client_credentials"));
        assertThat(token.status()).isEqualTo(400);
        assertThat(token.json()).containsEntry("error", "invalid_dpop_proof");

        app.put("dpop_bound_access_tokens", "yes");
        Response wrongType = api.put("/admin/api/applications/" + clientId, app);
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(problems(wrongType)).extracting(problem -> problem.get("field"))
            .containsExactly("dpop_bound_access_tokens");
    }

    @Test
    void createPublicApplicationHasNoSecret() {
        String clientId = "spa-" + UUID.randomUUID();
        Response created = AdminApi.asRobot(server()).post("/admin/api/applications", publicSpa(clientId));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json()).containsEntry("token_endpoint_auth_method", "none")
            .doesNotContainKeys("client_secret", "client_secret_created_at");
    }

    @Test
    void searchFindsByNameOrClientId() {
        AdminApi api = AdminApi.asRobot(server());
        String clientId = "findme-" + UUID.randomUUID();
        Map<String, Object> app = publicSpa(clientId);
        app.put("client_name", "Needle In Haystack");
        api.post("/admin/api/applications", app);
        assertThat(list(api.get("/admin/api/applications?q=needle"))).extracting(found -> found.get("client_id"))
            .containsExactly(clientId);
        assertThat(list(api.get("/admin/api/applications?q=" + clientId))).hasSize(1);
    }

    @Test
    void duplicateClientIdIsAConflict() {
        AdminApi api = AdminApi.asRobot(server());
        String clientId = "twice-" + UUID.randomUUID();
        assertThat(api.post("/admin/api/applications", publicSpa(clientId)).status()).isEqualTo(201);
        Response again = api.post("/admin/api/applications", publicSpa(clientId));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json()).containsEntry("error", "conflict");
        assertThat(again.jsonString("error_description")).contains(clientId);
        assertThat(api.post("/admin/api/applications", publicSpa(SPA)).status()).isEqualTo(409);
    }

    @Test
    void racingCreatesOfOneClientIdLeaveExactlyOneAndTheRestConflict() throws Exception {
        AdminApi api = AdminApi.asRobot(server());
        String clientId = "raced-" + UUID.randomUUID();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Response>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                attempts.add(pool.submit(() -> {
                    start.await();
                    return api.post("/admin/api/applications", confidential(clientId));
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            String issuedSecret = null;
            for (Future<Response> attempt : attempts) {
                Response response = attempt.get();
                statuses.add(response.status());
                if (response.status() == 201) {
                    issuedSecret = response.jsonString("client_secret");
                }
            }
            assertThat(statuses).containsOnly(201, 409).filteredOn(status -> status == 201).hasSize(1);
            Response token = server().client()
                .postWithBasic("/o/token/", clientId, issuedSecret, Map.of("grant_type", "client_credentials"));
            assertThat(token.status()).as("the one secret handed out is the one stored").isEqualTo(200);
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void invalidApplicationListsEveryFieldsProblem() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("client_id", "bad-" + UUID.randomUUID());
        bad.put("token_endpoint_auth_method", "none");
        bad.put("grant_types", List.of("authorization_code", "password"));
        bad.put("redirect_uris", List.of("http://app.example/cb", "https://app.example/cb#frag", "/relative",
                "https://app.example/ok", "https://app.example/ok", "javascript:alert(1)"));
        Response response = AdminApi.asRobot(server()).post("/admin/api/applications", bad);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json()).containsEntry("error", "invalid_client_metadata");
        List<Map<String, Object>> problems = problems(response);
        assertThat(problems).extracting(problem -> problem.get("field"))
            .containsOnly("grant_types", "redirect_uris");
        assertThat(problems).extracting(problem -> (String) problem.get("message"))
            .anySatisfy(message -> assertThat(message).contains("'password' is not offered"))
            .anySatisfy(message -> assertThat(message).contains("http://app.example/cb").contains("loopback"))
            .anySatisfy(message -> assertThat(message).contains("fragment"))
            .anySatisfy(message -> assertThat(message).contains("'/relative' is not absolute"))
            .anySatisfy(message -> assertThat(message).contains("listed twice"))
            .anySatisfy(message -> assertThat(message).contains("javascript"));
    }

    @Test
    void wrongTypesAndUnknownFieldsAreProblemsOfTheirField() {
        Map<String, Object> bad = new LinkedHashMap<>(publicSpa("typed-" + UUID.randomUUID()));
        bad.put("skip_authorization", "yes");
        bad.put("redirect_uri", "https://typo.example/cb");
        bad.put("client_secret", "i-choose-my-own-secret-0123456789abcdef");
        bad.put("access_token_time_to_live", "5m");
        Response response = AdminApi.asRobot(server()).post("/admin/api/applications", bad);
        assertThat(response.status()).isEqualTo(400);
        assertThat(problems(response)).extracting(problem -> problem.get("field"))
            .containsExactlyInAnyOrder("skip_authorization", "redirect_uri", "client_secret", "access_token_time_to_live");

        Response notJson = AdminApi.asRobot(server()).post("/admin/api/applications", "{not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json()).containsEntry("error", "invalid_request");
    }

    @Test
    void clientIdOfTheFormOfAnAccountIdIsRefusedSoThatNoApplicationPassesForAUser() {
        String accountId = server().bean(UserService.class).find(ALICE).orElseThrow().id();
        Response response = AdminApi.asRobot(server()).post("/admin/api/applications", confidential(accountId));
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(problems(response)).singleElement().satisfies(problem -> assertThat(problem)
            .containsEntry("field", "client_id")
            .hasEntrySatisfying("message", message -> assertThat((String) message).contains("form of a UUID")));
        assertThat(AdminApi.asRobot(server()).get("/admin/api/applications/" + accountId).status()).isEqualTo(404);
    }

    @Test
    void loopbackAndPrivateUseRedirectUrisAreAccepted() {
        Map<String, Object> nativeApp = publicSpa("native-" + UUID.randomUUID());
        nativeApp.put("redirect_uris", List.of("http://127.0.0.1/cb", "http://[::1]:8080/cb", "http://localhost/cb",
                "com.example.app:/oauth"));
        Response response = AdminApi.asRobot(server()).post("/admin/api/applications", nativeApp);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    @Test
    void replaceChangesFieldsAndKeepsTheSecret() {
        AdminApi api = AdminApi.asRobot(server());
        String clientId = "replace-" + UUID.randomUUID();
        String secret = api.post("/admin/api/applications", confidential(clientId)).jsonString("client_secret");
        Map<String, Object> changed = confidential(clientId);
        changed.put("client_name", "Reports v2");
        changed.put("skip_authorization", true);
        changed.put("access_token_time_to_live", 120);

        Response replaced = api.put("/admin/api/applications/" + clientId, changed);

        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.json()).containsEntry("client_name", "Reports v2")
            .containsEntry("skip_authorization", true)
            .containsEntry("access_token_time_to_live", 120)
            .doesNotContainKey("client_secret");
        Response token = server().client().postWithBasic("/o/token/", clientId, secret,
                Map.of("grant_type", "client_credentials"));
        assertThat(token.status()).isEqualTo(200);
        assertThat(token.json()).containsEntry("expires_in", 119);

        Map<String, Object> otherId = confidential("someone-else");
        assertThat(api.put("/admin/api/applications/" + clientId, otherId).status()).isEqualTo(400);
        assertThat(api.put("/admin/api/applications/no-such-app", confidential("no-such-app")).status()).isEqualTo(404);
    }

    @Test
    void rotateSecretRefusesTheOldOneAndAcceptsTheNew() {
        AdminApi api = AdminApi.asRobot(server());
        String clientId = "rotate-" + UUID.randomUUID();
        String oldSecret = api.post("/admin/api/applications", confidential(clientId)).jsonString("client_secret");

        Response rotated = api.post("/admin/api/applications/" + clientId + "/secret", null);

        assertThat(rotated.status()).isEqualTo(200);
        String newSecret = rotated.jsonString("client_secret");
        assertThat(newSecret).isNotEqualTo(oldSecret).hasSize(43);
        Map<String, String> request = Map.of("grant_type", "client_credentials");
        assertThat(server().client().postWithBasic("/o/token/", clientId, oldSecret, request).status()).isEqualTo(401);
        assertThat(server().client().postWithBasic("/o/token/", clientId, newSecret, request).status()).isEqualTo(200);

        assertThat(api.post("/admin/api/applications/no-such-app/secret", null).status()).isEqualTo(404);
        String spa = "spa-" + UUID.randomUUID();
        api.post("/admin/api/applications", publicSpa(spa));
        Response publicRotation = api.post("/admin/api/applications/" + spa + "/secret", null);
        assertThat(publicRotation.status()).isEqualTo(409);
        assertThat(publicRotation.jsonString("error_description")).contains("public");
    }

    @Test
    void deleteRemovesTheApplicationAndKillsItsTokens() {
        AdminApi api = AdminApi.asRobot(server());
        String clientId = "doomed-" + UUID.randomUUID();
        String secret = api.post("/admin/api/applications", confidential(clientId)).jsonString("client_secret");
        String accessToken = server().client().postWithBasic("/o/token/", clientId, secret,
                Map.of("grant_type", "client_credentials", "scope", "read")).jsonString("access_token");
        assertThat(server().client().getWithBearer("/api/test/", accessToken).status()).isEqualTo(200);

        assertThat(api.delete("/admin/api/applications/" + clientId).status()).isEqualTo(204);

        assertThat(api.get("/admin/api/applications/" + clientId).status()).isEqualTo(404);
        assertThat(api.delete("/admin/api/applications/" + clientId).status()).isEqualTo(404);
        assertThat(server().client().getWithBearer("/api/test/", accessToken).status()).isEqualTo(401);
        assertThat(server().client().postWithBasic("/o/token/", clientId, secret,
                Map.of("grant_type", "client_credentials")).status()).isEqualTo(401);
    }

    static Map<String, Object> confidential(String clientId) {
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("client_id", clientId);
        app.put("client_name", "Reports");
        app.put("token_endpoint_auth_method", "client_secret_basic");
        app.put("grant_types", List.of("client_credentials", "authorization_code", "refresh_token"));
        app.put("redirect_uris", List.of("https://backend.example/cb"));
        app.put("scope", "read write");
        return app;
    }

    static Map<String, Object> publicSpa(String clientId) {
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("client_id", clientId);
        app.put("client_name", "Single-page app");
        app.put("token_endpoint_auth_method", "none");
        app.put("grant_types", List.of("authorization_code", "refresh_token"));
        app.put("redirect_uris", List.of("https://spa.example/callback"));
        app.put("allowed_origins", List.of("https://spa.example"));
        app.put("scope", "read");
        return app;
    }
}
