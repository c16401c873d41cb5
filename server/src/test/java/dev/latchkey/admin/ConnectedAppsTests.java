package dev.latchkey.admin;

import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.CONSENT_SPA;
import static dev.latchkey.support.TestWorld.CONSENT_SPA_REDIRECT;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.AuthorizationResponse;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.user.UserService;

/**
 * "Connected apps" over HTTP: a user sees the applications they authorized and revokes one; its refresh
 * token, its access token (at the API and at introspection) and the remembered consent are gone at
 * once, while other applications and other users keep theirs.
 */
@ParameterizedClass
@EnumSource(Database.class)
class ConnectedAppsTests {

    private static final Pattern CONSENT_STATE = Pattern.compile("name=\"state\" value=\"([^\"]+)\"");

    @Parameter
    Database database;

    LatchkeyServer server() {
        return AdminWorld.server(database);
    }

    @Test
    void revokingAConnectedAppKillsItsTokensAndConsentAtOnce() {
        String dave = newUser();
        OAuthClient browser = server().client();
        browser.login(dave, "dave-password-123");
        Response consented = tokensWithConsent(browser);
        Response skipped = tokens(browser, SPA, SPA_REDIRECT);

        Response page = browser.get("/account/apps", Map.of("Accept", "text/html"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"app-" + CONSENT_SPA + "\"").contains(CONSENT_SPA + " (test)")
            .contains("id=\"app-" + SPA + "\"").contains("read, write");
        assertThat(consentCount(dave)).isEqualTo(1);

        Response revoked = browser.postForm("/account/apps/" + CONSENT_SPA + "/revoke", Map.of("_csrf", csrf(page)), null);

        assertThat(revoked.status()).isEqualTo(302);
        assertThat(revoked.header("Location")).endsWith("/account/apps");
        Response refresh = refresh(CONSENT_SPA, consented);
        assertThat(refresh.status()).isEqualTo(400);
        assertThat(refresh.json()).containsEntry("error", "invalid_grant");
        String accessToken = consented.jsonString("access_token");
        assertThat(server().client().getWithBearer("/api/test/", accessToken).status()).isEqualTo(401);
        assertThat(server().client().postWithBasic("/o/introspect/", BACKEND, BACKEND_SECRET,
                Map.of("token", accessToken)).json()).containsEntry("active", false);
        assertThat(consentCount(dave)).isZero();

        assertThat(server().client().getWithBearer("/api/test/", skipped.jsonString("access_token")).status())
            .isEqualTo(200);
        Response after = browser.get("/account/apps", Map.of("Accept", "text/html"));
        assertThat(after.body()).doesNotContain("id=\"app-" + CONSENT_SPA + "\"").contains("id=\"app-" + SPA + "\"")
            .contains("no longer has access");
        assertThat(server().jdbc().sql("SELECT COUNT(*) FROM audit_event WHERE actor = ? AND action = ?")
            .params(dave, "connected-app.revoked").query(Long.class).single()).isEqualTo(1);

        Map<String, String> authorize = new LinkedHashMap<>();
        authorize.put("response_type", "code");
        authorize.put("client_id", CONSENT_SPA);
        authorize.put("redirect_uri", CONSENT_SPA_REDIRECT);
        authorize.put("scope", "read");
        authorize.put("state", "again");
        authorize.put("code_challenge", PkcePair.generate().challenge());
        authorize.put("code_challenge_method", "S256");
        assertThat(browser.authorize(authorize).header("Location")).as("consent is asked again").contains("/consent");
    }

    @Test
    void revokingOnlyAffectsTheSignedInUser() {
        String erin = newUser();
        String frank = newUser();
        OAuthClient erinBrowser = server().client();
        erinBrowser.login(erin, "dave-password-123");
        OAuthClient frankBrowser = server().client();
        frankBrowser.login(frank, "dave-password-123");
        Response erinTokens = tokens(erinBrowser, SPA, SPA_REDIRECT);
        Response frankTokens = tokens(frankBrowser, SPA, SPA_REDIRECT);

        Response page = erinBrowser.get("/account/apps", Map.of("Accept", "text/html"));
        erinBrowser.postForm("/account/apps/" + SPA + "/revoke", Map.of("_csrf", csrf(page)), null);

        assertThat(server().client().getWithBearer("/api/test/", erinTokens.jsonString("access_token")).status())
            .isEqualTo(401);
        assertThat(server().client().getWithBearer("/api/test/", frankTokens.jsonString("access_token")).status())
            .isEqualTo(200);
        assertThat(refresh(SPA, frankTokens).status()).isEqualTo(200);
    }

    @Test
    void revokeWithoutCsrfTokenOrSessionIsRefused() {
        String grace = newUser();
        OAuthClient browser = server().client();
        browser.login(grace, "dave-password-123");
        Response tokens = tokens(browser, SPA, SPA_REDIRECT);

        assertThat(browser.postForm("/account/apps/" + SPA + "/revoke", Map.of(), null).status()).isEqualTo(403);
        Response anonymous = server().client().get("/account/apps", Map.of("Accept", "text/html"));
        assertThat(anonymous.status()).isEqualTo(302);
        assertThat(anonymous.header("Location")).endsWith("/login");
        assertThat(server().client().getWithBearer("/api/test/", tokens.jsonString("access_token")).status())
            .isEqualTo(200);
    }

    private String newUser() {
        String username = "user-" + UUID.randomUUID().toString().substring(0, 8);
        server().bean(UserService.class).create(username, "dave-password-123", true, false);
        return username;
    }

    private Response tokens(OAuthClient browser, String clientId, String redirectUri) {
        PkcePair pkce = PkcePair.generate();
        Response tokens = browser.redeem(clientId, browser.authorizeCode(clientId, redirectUri, "read write", pkce),
                redirectUri, pkce.verifier());
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        return tokens;
    }

    /** The consent page's round trip, as the browser tests do it by clicking. */
    private Response tokensWithConsent(OAuthClient browser) {
        PkcePair pkce = PkcePair.generate();
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("response_type", "code");
        parameters.put("client_id", CONSENT_SPA);
        parameters.put("redirect_uri", CONSENT_SPA_REDIRECT);
        parameters.put("scope", "read write");
        parameters.put("state", "consent-state");
        parameters.put("code_challenge", pkce.challenge());
        parameters.put("code_challenge_method", "S256");
        String consentUrl = browser.authorize(parameters).header("Location");
        assertThat(consentUrl).contains("/consent");
        Response consentPage = browser.get(consentUrl.substring(consentUrl.indexOf("/consent")), Map.of("Accept",
                "text/html"));
        Matcher state = CONSENT_STATE.matcher(consentPage.body());
        assertThat(state.find()).as(consentPage.body()).isTrue();
        Response approved = browser.postForm("/o/authorize/", Map.of("client_id", CONSENT_SPA, "state", state.group(1),
                "scope", "read"), null);
        Map<String, String> query = approved.locationQuery();
        assertThat(query).as(approved.toString()).containsKey("code");
        Response tokens = browser.redeem(CONSENT_SPA, new AuthorizationResponse(approved.header("Location"),
                query.get("code"), query.get("state"), query.get("iss")), CONSENT_SPA_REDIRECT, pkce.verifier());
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        return tokens;
    }

    private Response refresh(String clientId, Response tokens) {
        return server().client().token(Map.of("grant_type", "refresh_token", "client_id", clientId, "refresh_token",
                tokens.jsonString("refresh_token")));
    }

    private long consentCount(String username) {
        return server().jdbc().sql("SELECT COUNT(*) FROM authorization_consent WHERE principal_name = ?")
            .param(username).query(Long.class).single();
    }

    private static String csrf(Response page) {
        Matcher matcher = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(matcher.find()).as(page.body()).isTrue();
        return matcher.group(1);
    }
}
