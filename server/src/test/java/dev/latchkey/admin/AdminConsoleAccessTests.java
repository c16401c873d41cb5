package dev.latchkey.admin;

import static dev.latchkey.admin.AdminWorld.ADMIN;
import static dev.latchkey.admin.AdminWorld.ADMIN_PASSWORD;
import static dev.latchkey.support.TestWorld.BOB;
import static dev.latchkey.support.TestWorld.BOB_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.TestWorld;

/** Who may use the console: anonymous users are sent to sign in, users without the admin role get 403. */
@ParameterizedClass
@EnumSource(Database.class)
class AdminConsoleAccessTests {

    static final List<String> FIXED_PAGES = List.of("/admin/", "/admin/applications", "/admin/applications/new",
            "/admin/applications/my-sexy-spa", "/admin/users", "/admin/grants", "/admin/keys", "/admin/audit",
            "/admin/doctor", "/admin/keys/rotate", "/admin/dashboard");

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Parameter
    Database database;

    LatchkeyServer server() {
        return AdminWorld.server(database);
    }

    /** Every console page, including those addressed by a user's id (alice's here). */
    List<String> pages() {
        String alice = server().jdbc()
            .sql("SELECT id FROM user_account WHERE username = ?")
            .param(TestWorld.ALICE)
            .query(String.class)
            .single();
        List<String> pages = new ArrayList<>(FIXED_PAGES);
        pages.add("/admin/users/" + alice + "/profile");
        return pages;
    }

    @Test
    void anonymousVisitorIsSentToSignIn() {
        for (String page : pages()) {
            Response response = server().client().get(page, Map.of("Accept", "text/html"));
            assertThat(response.status()).as(page).isEqualTo(302);
            assertThat(response.header("Location")).as(page).isEqualTo(server().url("/login"));
        }
    }

    @Test
    void userWithoutAdminRoleIsForbidden() {
        OAuthClient bob = server().client();
        assertThat(bob.login(BOB, BOB_PASSWORD).header("Location")).doesNotContain("error");
        for (String page : pages()) {
            assertThat(bob.get(page, Map.of("Accept", "text/html")).status()).as(page).isEqualTo(403);
        }
        assertThat(bob.postForm("/admin/keys/rotate", Map.of("_csrf", csrf(bob, "/")), null).status())
            .isEqualTo(403);
    }

    @Test
    void adminSeesEveryPageWithTheSharedLayoutAndStrictHeaders() {
        OAuthClient admin = server().client();
        assertThat(admin.login(ADMIN, ADMIN_PASSWORD).header("Location")).doesNotContain("error");
        for (String page : pages()) {
            Response response = admin.get(page, Map.of("Accept", "text/html"));
            assertThat(response.status()).as(page + "\n" + response.body()).isEqualTo(200);
            assertThat(response.body()).as(page)
                .contains("<nav aria-label=\"Console\">")
                .contains("href=\"/css/admin.css\"")
                .doesNotContain("style=")
                .doesNotContain("<script>");
            assertThat(response.header("Content-Security-Policy")).contains("default-src 'self'");
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        }
        assertThat(admin.get("/admin/applications/no-such-app", Map.of("Accept", "text/html")).status()).isEqualTo(404);
    }

    @Test
    void theDashboardsFiguresAreForAdminsOnly() {
        Map<String, String> json = Map.of("Accept", "application/json");
        Response anonymous = server().client().get("/admin/dashboard/data", json);
        assertThat(anonymous.status()).isIn(302, 401, 403);
        assertThat(anonymous.body()).doesNotContain("tokensIssued");
        OAuthClient bob = server().client();
        assertThat(bob.login(BOB, BOB_PASSWORD).header("Location")).doesNotContain("error");
        assertThat(bob.get("/admin/dashboard/data", json).status()).isEqualTo(403);

        OAuthClient admin = server().client();
        assertThat(admin.login(ADMIN, ADMIN_PASSWORD).header("Location")).doesNotContain("error");
        Response figures = admin.get("/admin/dashboard/data", json);
        assertThat(figures.status()).isEqualTo(200);
        assertThat(figures.header("Cache-Control")).contains("no-store");
        assertThat(figures.json()).containsKeys("minutes", "tokensIssued", "refusals", "loginsSucceeded", "loginsFailed",
                "loginsThrottled", "latencyP50Millis", "latencyP99Millis");
    }

    @Test
    void healthDetailsAreShownToAdminsOnly() {
        Map<String, String> json = Map.of("Accept", "application/json");
        assertThat(server().client().get("/actuator/health/readiness", json).json()).containsOnlyKeys("status");
        OAuthClient bob = server().client();
        assertThat(bob.login(BOB, BOB_PASSWORD).header("Location")).doesNotContain("error");
        assertThat(bob.get("/actuator/health/readiness", json).json()).containsOnlyKeys("status");

        OAuthClient admin = server().client();
        assertThat(admin.login(ADMIN, ADMIN_PASSWORD).header("Location")).doesNotContain("error");
        Response readiness = admin.get("/actuator/health/readiness", json);
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"database\"", "\"signingKey\"", "\"readinessState\"");
    }

    @Test
    void formPostWithoutCsrfTokenIsRefused() {
        OAuthClient admin = server().client();
        admin.login(ADMIN, ADMIN_PASSWORD);
        Response refused = admin.postForm("/admin/keys/rotate", Map.of(), null);
        assertThat(refused.status()).isEqualTo(403);
        Response page = admin.get("/admin/users", Map.of("Accept", "text/html"));
        assertThat(CSRF.matcher(page.body()).results().count()).as("every form carries the CSRF token")
            .isEqualTo(Pattern.compile("<form method=\"post\"").matcher(page.body()).results().count());
    }

    static String csrf(OAuthClient client, String page) {
        Matcher matcher = CSRF.matcher(client.get(page, Map.of("Accept", "text/html")).body());
        assertThat(matcher.find()).as("CSRF token on " + page).isTrue();
        return matcher.group(1);
    }
}
