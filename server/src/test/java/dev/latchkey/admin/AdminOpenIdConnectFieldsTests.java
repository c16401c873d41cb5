package dev.latchkey.admin;

import static dev.latchkey.admin.AdminWorld.ADMIN;
import static dev.latchkey.admin.AdminWorld.ADMIN_PASSWORD;
import static dev.latchkey.admin.AdminApi.list;
import static dev.latchkey.admin.AdminApi.problems;
import static dev.latchkey.support.TestWorld.OIDC_SPA;
import static dev.latchkey.support.TestWorld.OIDC_SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.OidcRelyingParty;

/**
 * The OpenID Connect fields in the console and the management API: a user's name and email (the
 * {@code profile} and {@code email} claims) and an application's post-logout redirect URIs and ID token
 * algorithm, each checked where a relying party sees them.
 */
@ParameterizedClass
@EnumSource(Database.class)
class AdminOpenIdConnectFieldsTests {

    private static final String PASSWORD = "dora-correct-horse-7";

    private static final Scope OPENID_PROFILE_EMAIL = new Scope("openid", "profile", "email");

    @Parameter
    Database database;

    LatchkeyServer server() {
        return AdminWorld.server(database);
    }

    @Test
    void profileEditedInTheConsoleReachesIdTokenAndUserInfo() {
        OAuthClient admin = signedInAdmin();
        String username = "dora-" + UUID.randomUUID();
        Response created = admin.submit("/admin/users", Map.of("username", username, "password", PASSWORD,
                "name", "Dora", "email", "dora@old.example", "_csrf", csrf(admin)));
        assertThat(created.status()).as(created.toString()).isEqualTo(302);
        String id = created.header("Location").replaceAll(".*created=", "");
        assertThat(page(admin, "/admin/users").body()).contains("Dora").contains("dora@old.example");
        assertThat(page(admin, "/admin/users/" + id + "/profile").body()).contains("value=\"dora@old.example\"");

        Response saved = admin.submit("/admin/users/" + id + "/profile", Map.of("name", "Dora Explorer", "email",
                "dora@example.com", "emailVerified", "true", "_csrf", csrf(admin)));

        assertThat(saved.status()).as(saved.toString()).isEqualTo(302);
        assertThat(page(admin, "/admin/users").body()).contains("Dora Explorer").contains("dora@example.com")
            .contains("(verified)");
        OidcRelyingParty rp = new OidcRelyingParty(server(), OIDC_SPA, OIDC_SPA_REDIRECT);
        OidcRelyingParty.Attempt attempt = rp.attempt(OPENID_PROFILE_EMAIL, Map.of());
        OIDCTokenResponse tokens = rp.signInAndRedeem(attempt, username, PASSWORD);
        IDTokenClaimsSet idToken = rp.validate(tokens.getOIDCTokens().getIDToken(), attempt.nonce());
        assertThat(idToken.getStringClaim("name")).isEqualTo("Dora Explorer");
        assertThat(idToken.getStringClaim("email")).isEqualTo("dora@example.com");
        Response userInfo = rp.browser().getWithBearer("/o/userinfo/",
                tokens.getOIDCTokens().getAccessToken().getValue());
        assertThat(userInfo.json()).containsEntry("sub", id)
            .containsEntry("preferred_username", username)
            .containsEntry("name", "Dora Explorer")
            .containsEntry("email", "dora@example.com")
            .containsEntry("email_verified", true);

        Response events = AdminApi.asRobot(server()).get("/admin/api/audit-events?category=change&limit=1000");
        assertThat(list(events)).filteredOn(event -> username.equals(event.get("target")))
            .extracting(event -> event.get("action") + " " + event.get("detail"))
            .containsExactly("user.profile-changed name, email, email verified changed",
                    "user.created without the admin role, profile: name, email");
        assertThat(events.body()).as("the audit log names fields, not their values").doesNotContain("dora@example.com");
    }

    @Test
    void consoleRefusesABadProfileFieldByFieldAndKeepsTheStoredOne() {
        OAuthClient admin = signedInAdmin();
        String username = "eve-" + UUID.randomUUID();
        String id = admin.submit("/admin/users", Map.of("username", username, "password", PASSWORD, "name", "Eve",
                "_csrf", csrf(admin))).header("Location").replaceAll(".*created=", "");

        Response refused = admin.submit("/admin/users/" + id + "/profile", Map.of("name", "x".repeat(201), "email",
                "not-an-address", "emailVerified", "true", "_csrf", csrf(admin)));

        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("The profile was not saved")
            .containsPattern("id=\"name-error\"[^>]*>\\s*<p[^>]*>[^<]*at most 200 characters")
            .containsPattern("id=\"email-error\"[^>]*>\\s*<p[^>]*>[^<]*must be an address like name@example.com")
            .contains("value=\"not-an-address\"");
        Response stored = AdminApi.asRobot(server()).get("/admin/api/users/" + id);
        assertThat(stored.json()).containsEntry("name", "Eve").doesNotContainKey("email");

        Response createRefused = admin.submit("/admin/users", Map.of("username", "frank-" + UUID.randomUUID(),
                "password", PASSWORD, "emailVerified", "true", "_csrf", csrf(admin)));
        assertThat(createRefused.status()).isEqualTo(200);
        assertThat(createRefused.body()).contains("The user was not created")
            .containsPattern("id=\"email_verified-error\"[^>]*>\\s*<p[^>]*>[^<]*needs an email");
    }

    @Test
    void apiReadsCreatesAndPatchesTheProfileAndRefusesBadValuesPerField() {
        AdminApi api = AdminApi.asRobot(server());
        Response created = api.post("/admin/api/users", Map.of("username", "grace-" + UUID.randomUUID(), "password",
                PASSWORD, "name", "Grace", "email", "grace@example.com"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json()).containsEntry("name", "Grace")
            .containsEntry("email", "grace@example.com")
            .containsEntry("email_verified", false);
        String path = "/admin/api/users/" + created.jsonString("id");

        assertThat(api.patch(path, Map.of("email_verified", true)).json()).containsEntry("name", "Grace")
            .containsEntry("email", "grace@example.com")
            .containsEntry("email_verified", true);
        Map<String, Object> clearName = new HashMap<>();
        clearName.put("name", null);
        assertThat(api.patch(path, clearName).json()).doesNotContainKey("name")
            .containsEntry("email", "grace@example.com");

        Response refused = api.patch(path, Map.of("name", "x".repeat(201), "email", "grace at example"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json()).containsEntry("error", "invalid_request");
        assertThat(problems(refused)).extracting(problem -> problem.get("field")).containsExactly("name", "email");
        assertThat(problems(api.patch(path, Map.of("email_verified", "yes")))).extracting(problem -> problem.get("field"))
            .containsExactly("email_verified");
        assertThat(problems(api.post("/admin/api/users", Map.of("username", "heidi-" + UUID.randomUUID(),
                "email_verified", true)))).extracting(problem -> problem.get("field")).containsExactly("email_verified");
        assertThat(api.get(path).json()).doesNotContainKey("name")
            .containsEntry("email", "grace@example.com")
            .containsEntry("email_verified", true);
    }

    @Test
    void postLogoutRedirectUriSavedInTheConsoleIsFollowedByLogout() {
        OAuthClient admin = signedInAdmin();
        String clientId = "rp-" + UUID.randomUUID();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("clientId", clientId);
        form.put("name", "Console relying party");
        form.put("type", "public");
        form.put("redirectUris", "https://rp.example/callback");
        form.put("postLogoutRedirectUris", "https://rp.example/signed-out\nhttps://rp.example/bye");
        form.put("idTokenSigningAlgorithm", "ES256");
        form.put("scopes", "openid profile");
        form.put("skipAuthorization", "true");
        form.put("accessTokenSeconds", "300");
        form.put("refreshTokenSeconds", "86400");
        form.put("authorizationCodeSeconds", "60");
        form.put("_csrf", csrf(admin));

        Response created = admin.submit("/admin/applications/new", form);

        assertThat(created.status()).as(created.toString()).isEqualTo(302);
        assertThat(page(admin, "/admin/applications/" + clientId).body())
            .contains("https://rp.example/signed-out\nhttps://rp.example/bye")
            .containsPattern("<option value=\"ES256\" selected");
        OidcRelyingParty rp = new OidcRelyingParty(server(), clientId, "https://rp.example/callback");
        OidcRelyingParty.Attempt attempt = rp.attempt(new Scope("openid"), Map.of());
        Response redirect = rp.send(attempt);
        assertThat(redirect.header("Location")).endsWith("/login");
        Response back = rp.signIn(ADMIN, ADMIN_PASSWORD);
        assertThat(back.header("Location")).as(back.toString()).startsWith("https://rp.example/callback?code=");
        OIDCTokenResponse tokens = rp.redeem(attempt, rp.parse(back).toSuccessResponse().getAuthorizationCode());
        assertThat(tokens.getOIDCTokens().getIDToken().getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        Response logout = rp.browser().get("/o/logout/?id_token_hint=" + tokens.getOIDCTokens().getIDTokenString()
                + "&post_logout_redirect_uri=" + URLEncoder.encode("https://rp.example/bye", StandardCharsets.UTF_8)
                + "&state=s1", Map.of("Accept", "text/html"));
        assertThat(logout.status()).isEqualTo(302);
        assertThat(logout.header("Location")).isEqualTo("https://rp.example/bye?state=s1");

        form.put("postLogoutRedirectUris", "http://rp.example/bye");
        Response refused = admin.submit("/admin/applications/" + clientId, form);
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"post_logout_redirect_uris-error\"");
    }

    private OAuthClient signedInAdmin() {
        OAuthClient admin = server().client();
        assertThat(admin.login(ADMIN, ADMIN_PASSWORD).header("Location")).doesNotContain("error");
        return admin;
    }

    private static String csrf(OAuthClient admin) {
        return AdminConsoleAccessTests.csrf(admin, "/admin/users");
    }

    private static Response page(OAuthClient client, String path) {
        Response page = client.get(path, Map.of("Accept", "text/html"));
        assertThat(page.status()).as(path).isEqualTo(200);
        return page;
    }
}
