package dev.latchkey.resource;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.OIDC_SPA;
import static dev.latchkey.support.TestWorld.OIDC_SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.admin.AdminWorld;
import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.SharedServers;
import dev.latchkey.support.StoredValues;

/**
 * Reference access tokens, the default ({@code latchkey.tokens.access-token-format=reference}) for applications
 * that set no format of their own: opaque strings, stored only hashed, and every bearer-protected endpoint (the API, UserInfo, the management API) accepts them for as
 * long as introspection calls them active — and not a moment longer.
 */
@ParameterizedClass
@EnumSource(Database.class)
class ReferenceAccessTokenTests {

    @Parameter
    Database database;

    /** The shared server of this database with the management API's robot; its default is reference tokens. */
    private LatchkeyServer server() {
        return SharedServers.of(database, AdminWorld.provisioning());
    }

    @Test
    void clientCredentialsTokenIsOpaqueAndWorksUntilRevoked() {
        OAuthClient backend = server().client();
        Response issued = backend.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET,
                Map.of("grant_type", "client_credentials", "scope", "read"));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
        String token = issued.jsonString("access_token");
        assertThat(token).doesNotContain(".").hasSizeGreaterThanOrEqualTo(43);
        assertThat(issued.json()).containsEntry("token_type", "Bearer").containsEntry("scope", "read");

        assertThat(introspect(backend, token).json()).containsEntry("active", true)
            .containsEntry("client_id", BACKEND)
            .containsEntry("sub", BACKEND)
            .containsEntry("scope", "read");
        Response api = backend.getWithBearer("/api/test/", token);
        assertThat(api.status()).isEqualTo(200);
        assertThat(api.json()).containsEntry("user", BACKEND);
        List<String> stored = StoredValues.of(server(), "oauth_authorization");
        assertThat(stored).as("the token is stored as its SHA-256 only").contains(PkcePair.sha256Hex(token))
            .noneSatisfy(value -> assertThat(value).contains(token));

        Response revoked = backend.postWithBasic("/o/revoke_token/", BACKEND, BACKEND_SECRET, Map.of("token", token));
        assertThat(revoked.status()).isEqualTo(200);
        Response refused = backend.getWithBearer("/api/test/", token);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");
        assertThat(introspect(backend, token).json()).containsEntry("active", false);
    }

    @Test
    void unknownOrAlteredOpaqueTokensAreRefusedAsInvalidToken() {
        OAuthClient backend = server().client();
        String token = backend.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET, Map.of("grant_type", "client_credentials"))
            .jsonString("access_token");
        String altered = (token.charAt(0) == 'A' ? 'B' : 'A') + token.substring(1);
        for (String bad : List.of(altered, "not-a-token", token + "x")) {
            Response refused = backend.getWithBearer("/api/test/", bad);
            assertThat(refused.status()).as(bad).isEqualTo(401);
            assertThat(refused.header("WWW-Authenticate")).as(bad).contains("invalid_token");
        }
        assertThat(backend.getWithBearer("/api/test/", token).status()).isEqualTo(200);
    }

    @Test
    void codeFlowGivesOpaqueAccessTokenThatUserInfoAcceptsAndRefreshRotates() {
        OAuthClient browser = server().signedInClient(ALICE, ALICE_PASSWORD);
        Response tokens = browser.codeFlowTokens(OIDC_SPA, OIDC_SPA_REDIRECT, "openid profile");
        String accessToken = tokens.jsonString("access_token");
        assertThat(accessToken).doesNotContain(".");
        assertThat(tokens.jsonString("id_token")).as("ID tokens stay signed JWTs").contains(".");

        Response userInfo = browser.getWithBearer("/o/userinfo/", accessToken);
        assertThat(userInfo.status()).as(userInfo.toString()).isEqualTo(200);
        assertThat(userInfo.json()).containsKey("sub").containsKey("name");
        assertThat(browser.getWithBearer("/api/test/", accessToken).json()).containsEntry("user", ALICE);

        Response refreshed = browser.token(Map.of("grant_type", "refresh_token", "client_id", OIDC_SPA,
                "refresh_token", tokens.jsonString("refresh_token")));
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        String next = refreshed.jsonString("access_token");
        assertThat(next).doesNotContain(".").isNotEqualTo(accessToken);
        assertThat(browser.getWithBearer("/api/test/", next).json()).containsEntry("user", ALICE);
    }

    /** The decision of docs/security.md: a grant has one live access token, and a refresh replaces it at once. */
    @Test
    void refreshRetiresThePreviousAccessTokenAtOnceAndARetryGetsTheSameLiveOne() {
        OAuthClient browser = server().signedInClient(ALICE, ALICE_PASSWORD);
        Response tokens = browser.codeFlowTokens(OIDC_SPA, OIDC_SPA_REDIRECT, "openid read");
        String previous = tokens.jsonString("access_token");
        Map<String, String> refresh = Map.of("grant_type", "refresh_token", "client_id", OIDC_SPA, "refresh_token",
                tokens.jsonString("refresh_token"));

        Response refreshed = browser.token(refresh);

        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        String current = refreshed.jsonString("access_token");
        assertThat(browser.getWithBearer("/api/test/", previous).status()).isEqualTo(401);
        assertThat(browser.getWithBearer("/o/userinfo/", previous).status()).isEqualTo(401);
        assertThat(introspect(browser, previous).json()).containsEntry("active", false);
        assertThat(browser.getWithBearer("/api/test/", current).status()).isEqualTo(200);
        assertThat(introspect(browser, current).json()).containsEntry("active", true);

        Response retry = browser.token(refresh);
        assertThat(retry.status()).as(retry.toString()).isEqualTo(200);
        assertThat(retry.jsonString("access_token")).as("a retry within the window gets the same one").isEqualTo(current);
        assertThat(introspect(browser, current).json()).containsEntry("active", true);
        assertThat(browser.getWithBearer("/api/test/", current).status()).isEqualTo(200);
        assertThat(introspect(browser, previous).json()).as("and does not bring the previous one back")
            .containsEntry("active", false);
    }

    @Test
    void managementApiAcceptsAnOpaqueAdminTokenAndRefusesOneWithoutTheScope() {
        OAuthClient client = server().client();
        String admin = client.postWithBasic("/o/token/", AdminWorld.ROBOT, AdminWorld.ROBOT_SECRET,
                Map.of("grant_type", "client_credentials", "scope", AdminWorld.ADMIN_SCOPE)).jsonString("access_token");
        assertThat(admin).doesNotContain(".");
        assertThat(client.getWithBearer("/admin/api/applications", admin).status()).isEqualTo(200);

        String ordinary = client.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET, Map.of("grant_type", "client_credentials"))
            .jsonString("access_token");
        assertThat(client.getWithBearer("/admin/api/applications", ordinary).status()).isEqualTo(403);
    }

    private static Response introspect(OAuthClient client, String token) {
        return client.postWithBasic("/o/introspect/", BACKEND, BACKEND_SECRET, Map.of("token", token));
    }
}
