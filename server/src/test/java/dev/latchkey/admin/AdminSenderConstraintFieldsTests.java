package dev.latchkey.admin;

import static dev.latchkey.admin.AdminWorld.ADMIN;
import static dev.latchkey.admin.AdminWorld.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
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

/**
 * The console's "Require DPoP" and "Require pushed authorization requests" checkboxes: ticked, they are shown
 * ticked and the protocol endpoints enforce them at once; unticked, they stop.
 */
@ParameterizedClass
@EnumSource(Database.class)
class AdminSenderConstraintFieldsTests {

    private static final String REDIRECT = "https://bound.example/cb";

    @Parameter
    Database database;

    LatchkeyServer server() {
        return AdminWorld.server(database);
    }

    @Test
    void checkboxesSavedInTheConsoleAreShownAndEnforcedAndCanBeCleared() {
        OAuthClient admin = server().client();
        assertThat(admin.login(ADMIN, ADMIN_PASSWORD).header("Location")).doesNotContain("error");
        String clientId = "bound-" + UUID.randomUUID();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("clientId", clientId);
        form.put("name", "Bound SPA");
        form.put("type", "public");
        form.put("redirectUris", REDIRECT);
        form.put("scopes", "read");
        form.put("skipAuthorization", "true");
        form.put("requireDPoP", "true");
        form.put("requirePushedRequests", "true");
        form.put("accessTokenSeconds", "300");
        form.put("refreshTokenSeconds", "86400");
        form.put("authorizationCodeSeconds", "60");
        form.put("_csrf", AdminConsoleAccessTests.csrf(admin, "/admin/users"));

        Response created = admin.submit("/admin/applications/new", form);
        assertThat(created.status()).as(created.toString()).isEqualTo(302);
        String page = admin.get("/admin/applications/" + clientId, Map.of("Accept", "text/html")).body();
        assertThat(page).containsPattern("id=\"require_dpop\"[^>]*checked")
            .containsPattern("id=\"require_pushed_requests\"[^>]*checked");

        Response refused = admin.authorize(request(clientId));
        assertThat(refused.locationQuery()).containsEntry("error", "invalid_request");
        assertThat(refused.locationQuery().get("error_description")).contains("requires pushed authorization requests");
        Response token = admin.token(Map.of("grant_type", "refresh_token", "client_id", clientId, "refresh_token", "x"));
        assertThat(token.json()).containsEntry("error", "invalid_dpop_proof");

        form.remove("requireDPoP");
        form.remove("requirePushedRequests");
        assertThat(admin.submit("/admin/applications/" + clientId, form).status()).isEqualTo(302);
        assertThat(admin.get("/admin/applications/" + clientId, Map.of("Accept", "text/html")).body())
            .doesNotContainPattern("id=\"require_dpop\"[^>]*checked");
        assertThat(admin.authorize(request(clientId)).header("Location")).startsWith(REDIRECT + "?code=");
    }

    private static Map<String, String> request(String clientId) {
        return Map.of("response_type", "code", "client_id", clientId, "redirect_uri", REDIRECT, "scope", "read",
                "state", "s1", "code_challenge", PkcePair.generate().challenge(), "code_challenge_method", "S256");
    }
}
