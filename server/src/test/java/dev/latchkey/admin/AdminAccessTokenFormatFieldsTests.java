package dev.latchkey.admin;

import static dev.latchkey.admin.AdminApi.problems;
import static dev.latchkey.admin.AdminWorld.ADMIN;
import static dev.latchkey.admin.AdminWorld.ADMIN_PASSWORD;
import static dev.latchkey.support.TestWorld.SPA;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import com.nimbusds.jwt.SignedJWT;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.SharedServers;

/**
 * An application's access-token format and JWT algorithm, as the console's select and the management API's
 * {@code access_token_format} / {@code access_token_signing_algorithm} set them: stored, shown back, applied to the
 * next token at once; a value that is not offered is refused on its field and changes nothing.
 */
@ParameterizedClass
@EnumSource(Database.class)
class AdminAccessTokenFormatFieldsTests {

    private static final String REDIRECT = "https://format.example/cb";

    @Parameter
    Database database;

    LatchkeyServer server() {
        return AdminWorld.server(database);
    }

    @Test
    void apiStoresAndShowsTheFormatAndTheNextTokenFollowsIt() throws Exception {
        AdminApi api = AdminApi.asRobot(server());
        String clientId = "format-" + UUID.randomUUID();
        Map<String, Object> app = AdminApiApplicationsTests.confidential(clientId);
        app.put("access_token_format", "jwt");
        app.put("access_token_signing_algorithm", "ES256");

        Response created = api.post("/admin/api/applications", app);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json()).containsEntry("access_token_format", "jwt")
            .containsEntry("access_token_signing_algorithm", "ES256");
        assertThat(api.get("/admin/api/applications/" + clientId).json()).containsEntry("access_token_format", "jwt")
            .containsEntry("access_token_signing_algorithm", "ES256");
        assertThat(stored(clientId)).containsExactly("jwt", "ES256");
        String secret = (String) created.json().get("client_secret");
        assertThat(SignedJWT.parse(token(clientId, secret)).getHeader().getAlgorithm().getName()).isEqualTo("ES256");

        app.put("access_token_format", "reference");
        app.remove("access_token_signing_algorithm");
        Response replaced = api.put("/admin/api/applications/" + clientId, app);
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.json()).containsEntry("access_token_format", "reference")
            .doesNotContainKey("access_token_signing_algorithm");
        assertThat(stored(clientId)).containsExactly("reference", null);
        assertThat(token(clientId, secret)).doesNotContain(".");

        app.put("access_token_format", null);
        assertThat(api.put("/admin/api/applications/" + clientId, app).json()).doesNotContainKey("access_token_format");
        assertThat(stored(clientId)).containsExactly(null, null);
        assertThat(token(clientId, secret)).as("the server's default, reference").doesNotContain(".");
        assertThat(api.get("/admin/api/applications/" + SPA).json()).doesNotContainKey("access_token_format")
            .doesNotContainKey("access_token_signing_algorithm");
    }

    @Test
    void apiRefusesAFormatOrAlgorithmNotOfferedOnItsFieldAndChangesNothing() {
        AdminApi api = AdminApi.asRobot(server());
        String clientId = "format-" + UUID.randomUUID();
        Map<String, Object> app = AdminApiApplicationsTests.confidential(clientId);
        app.put("access_token_format", "reference");
        assertThat(api.post("/admin/api/applications", app).status()).isEqualTo(201);
        app.put("client_name", "Renamed");

        List<Refusal> refusals = List.of(new Refusal("opaque", null, "access_token_format", "use reference"),
                new Refusal("JWT", null, "access_token_format", "jwt (signed"),
                new Refusal("jwt", "HS256", "access_token_signing_algorithm", "use ES256 (recommended), RS256"),
                new Refusal("jwt", "none", "access_token_signing_algorithm", "use ES256 (recommended), RS256"),
                new Refusal("reference", "ES256", "access_token_signing_algorithm", "applies only to JWT"),
                new Refusal(null, "ES256", "access_token_signing_algorithm", "applies only to JWT"),
                new Refusal(5, null, "access_token_format", "must be a string"),
                new Refusal("jwt", List.of("ES256"), "access_token_signing_algorithm", "must be a string"));
        for (Refusal refusal : refusals) {
            Map<String, Object> body = new HashMap<>(app);
            body.put("access_token_format", refusal.format());
            body.put("access_token_signing_algorithm", refusal.algorithm());
            Response refused = api.put("/admin/api/applications/" + clientId, body);
            assertThat(refused.status()).as(refusal.toString()).isEqualTo(400);
            assertThat(problems(refused)).as(refusal.toString()).singleElement().satisfies(problem -> {
                assertThat(problem.get("field")).isEqualTo(refusal.field());
                assertThat((String) problem.get("message")).contains(refusal.explanation());
            });
        }

        assertThat(stored(clientId)).containsExactly("reference", null);
        assertThat(api.get("/admin/api/applications/" + clientId).json()).containsEntry("client_name", "Reports")
            .containsEntry("access_token_format", "reference");
    }

    @Test
    void applicationSetToReferenceKeepsReferenceTokensOnAServerWhoseDefaultIsJwt() throws Exception {
        LatchkeyServer jwtServer = SharedServers.withJwtAccessTokens(database);
        AdminApi api = AdminApi.asRobot(jwtServer);
        String clientId = "reference-" + UUID.randomUUID();
        Map<String, Object> app = AdminApiApplicationsTests.confidential(clientId);
        Response unset = api.post("/admin/api/applications", app);
        assertThat(unset.status()).as(unset.toString()).isEqualTo(201);
        String secret = (String) unset.json().get("client_secret");
        assertThat(SignedJWT.parse(token(jwtServer, clientId, secret)).getHeader().getAlgorithm().getName())
            .as("unset: the server's JWT ES256").isEqualTo("ES256");

        app.put("access_token_format", "reference");
        assertThat(api.put("/admin/api/applications/" + clientId, app).status()).isEqualTo(200);

        assertThat(token(jwtServer, clientId, secret)).doesNotContain(".");
    }

    @Test
    void consoleSelectStoresShowsAndAppliesTheChoiceAndRefusesOneNotOffered() throws Exception {
        OAuthClient admin = server().client();
        assertThat(admin.login(ADMIN, ADMIN_PASSWORD).header("Location")).doesNotContain("error");
        String clientId = "console-format-" + UUID.randomUUID();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("clientId", clientId);
        form.put("name", "Format SPA");
        form.put("type", "public");
        form.put("redirectUris", REDIRECT);
        form.put("scopes", "read");
        form.put("skipAuthorization", "true");
        form.put("accessToken", "jwt:ES256");
        form.put("accessTokenSeconds", "300");
        form.put("refreshTokenSeconds", "86400");
        form.put("authorizationCodeSeconds", "60");
        form.put("_csrf", AdminConsoleAccessTests.csrf(admin, "/admin/users"));

        Response created = admin.submit("/admin/applications/new", form);

        assertThat(created.status()).as(created.toString()).isEqualTo(302);
        assertThat(stored(clientId)).containsExactly("jwt", "ES256");
        assertThat(page(admin, clientId)).containsPattern("<option value=\"jwt:ES256\" selected");
        assertThat(SignedJWT.parse(codeFlowToken(admin, clientId)).getHeader().getAlgorithm().getName())
            .isEqualTo("ES256");

        form.put("accessToken", "jwt:RS256");
        assertThat(admin.submit("/admin/applications/" + clientId, form).status()).isEqualTo(302);
        assertThat(stored(clientId)).containsExactly("jwt", "RS256");
        assertThat(SignedJWT.parse(codeFlowToken(admin, clientId)).getHeader().getAlgorithm().getName())
            .isEqualTo("RS256");

        form.put("accessToken", "reference");
        assertThat(admin.submit("/admin/applications/" + clientId, form).status()).isEqualTo(302);
        assertThat(stored(clientId)).containsExactly("reference", null);
        assertThat(page(admin, clientId)).containsPattern("<option value=\"reference\" selected");
        assertThat(codeFlowToken(admin, clientId)).doesNotContain(".");

        for (String notOffered : List.of("jwt:HS256", "opaque", "reference:ES256", "jwt:")) {
            form.put("accessToken", notOffered);
            form.put("name", "Renamed");
            Response refused = admin.submit("/admin/applications/" + clientId, form);
            assertThat(refused.status()).as(notOffered).isEqualTo(200);
            assertThat(refused.body()).as(notOffered).contains("The application was not saved")
                .containsPattern("id=\"access_token_(format|signing_algorithm)-error\"");
            assertThat(stored(clientId)).as(notOffered).containsExactly("reference", null);
        }
        assertThat(page(admin, clientId)).contains("Format SPA");

        form.put("name", "Format SPA");
        form.put("accessToken", "");
        assertThat(admin.submit("/admin/applications/" + clientId, form).status()).isEqualTo(302);
        assertThat(stored(clientId)).containsExactly(null, null);
        assertThat(page(admin, clientId)).containsPattern("<option value=\"\" selected[^>]*>Server default \\(reference\\)");
    }

    private record Refusal(Object format, Object algorithm, String field, String explanation) {
    }

    private List<String> stored(String clientId) {
        return server().jdbc()
            .sql("SELECT access_token_format, access_token_signing_algorithm FROM application WHERE client_id = ?")
            .param(clientId)
            .query((row, number) -> Arrays.asList(row.getString(1), row.getString(2)))
            .single();
    }

    private String token(String clientId, String secret) {
        return token(server(), clientId, secret);
    }

    private static String token(LatchkeyServer server, String clientId, String secret) {
        Response issued = server.client().postWithBasic("/o/token/", clientId, secret,
                Map.of("grant_type", "client_credentials"));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
        String token = issued.jsonString("access_token");
        assertThat(server.client().getWithBearer("/api/test/", token).status()).isEqualTo(200);
        return token;
    }

    private static String codeFlowToken(OAuthClient signedIn, String clientId) {
        PkcePair pkce = PkcePair.generate();
        Response issued = signedIn.redeem(clientId, signedIn.authorizeCode(clientId, REDIRECT, "read", pkce), REDIRECT,
                pkce.verifier());
        assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
        String token = issued.jsonString("access_token");
        assertThat(signedIn.getWithBearer("/api/test/", token).status()).isEqualTo(200);
        return token;
    }

    private static String page(OAuthClient admin, String clientId) {
        return admin.get("/admin/applications/" + clientId, Map.of("Accept", "text/html")).body();
    }
}
