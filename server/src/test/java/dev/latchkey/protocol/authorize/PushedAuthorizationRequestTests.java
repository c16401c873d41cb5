package dev.latchkey.protocol.authorize;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_REDIRECT;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.PAR_SPA;
import static dev.latchkey.support.TestWorld.PAR_SPA_REDIRECT;
import static dev.latchkey.support.TestWorld.SPA;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import tools.jackson.databind.json.JsonMapper;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.AuthorizationResponse;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.SharedServers;
import dev.latchkey.support.StoredValues;

/**
 * Pushed authorization requests (RFC 9126) at {@code /o/par/}, over HTTP: a client pushes its request (checked
 * by the rules of every authorization request) and sends the browser with only its client_id and the
 * request_uri; the request_uri works once, for a short time, for the client that pushed it; an application that
 * requires pushed requests refuses any other; and the endpoint is advertised.
 */
@ParameterizedClass
@EnumSource(Database.class)
class PushedAuthorizationRequestTests {

    private static final String REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";

    @Parameter
    Database database;

    private LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void pushThenAuthorizeWithTheRequestUriThenRedeemIssuesTokensForThePushedRequest() {
        PkcePair pkce = PkcePair.generate();
        Map<String, String> request = parRequest(pkce);
        Response pushed = server().client().postForm("/o/par/", request, null);

        assertThat(pushed.status()).as(pushed.toString()).isEqualTo(201);
        String requestUri = pushed.jsonString("request_uri");
        assertThat(requestUri).startsWith(REQUEST_URI_PREFIX);
        assertThat(((Number) pushed.json().get("expires_in")).longValue()).isBetween(290L, 300L);
        assertThat(pushedRequests(requestUri)).as("stored, by the hash of its one-time part").isEqualTo(1);

        OAuthClient browser = server().signedInClient(ALICE, ALICE_PASSWORD);
        Response answered = browser.authorize(Map.of("client_id", PAR_SPA, "request_uri", requestUri));
        assertThat(answered.status()).as(answered.toString()).isEqualTo(302);
        AuthorizationResponse code = AuthorizationResponse.from(answered);
        assertThat(code.location()).startsWith(PAR_SPA_REDIRECT + "?code=");
        assertThat(code.state()).as("the pushed state").isEqualTo(request.get("state"));
        assertThat(code.issuer()).isEqualTo(server().baseUrl());
        assertThat(pushedRequests(requestUri)).as("used up").isZero();

        Response tokens = browser.redeem(PAR_SPA, code, PAR_SPA_REDIRECT, pkce.verifier());
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(tokens.jsonString("scope").split(" ")).containsExactlyInAnyOrder("openid", "read");
        assertThat(claims(tokens.jsonString("id_token"))).containsEntry("nonce", request.get("nonce"));
        assertThat(browser.redeem(PAR_SPA, code, PAR_SPA_REDIRECT, PkcePair.generate().verifier()).status())
            .as("the pushed code_challenge is the one checked").isEqualTo(400);
    }

    @Test
    void requestUriWorksOnceAndThenIsRefusedAsUnknown() {
        String requestUri = push(parRequest(PkcePair.generate()));
        OAuthClient browser = server().signedInClient(ALICE, ALICE_PASSWORD);
        assertThat(browser.authorize(Map.of("client_id", PAR_SPA, "request_uri", requestUri)).header("Location"))
            .contains("code=");

        Response again = browser.authorize(Map.of("client_id", PAR_SPA, "request_uri", requestUri));
        assertRefused(again, "request_uri is unknown to client_id 'par-spa'", "works once");
    }

    @Test
    void requestUriUsedByManyRequestsAtOnceGivesExactlyOneCode() throws Exception {
        String requestUri = push(parRequest(PkcePair.generate()));
        OAuthClient browser = server().signedInClient(ALICE, ALICE_PASSWORD);
        ExecutorService threads = Executors.newFixedThreadPool(10);
        try {
            List<Callable<Response>> racers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                racers.add(() -> browser.authorize(Map.of("client_id", PAR_SPA, "request_uri", requestUri)));
            }
            List<String> locations = new ArrayList<>();
            for (Future<Response> answer : threads.invokeAll(racers)) {
                Response response = answer.get();
                assertThat(response.status()).as(response.toString()).isEqualTo(302);
                locations.add(response.header("Location"));
            }
            assertThat(locations).filteredOn(location -> location.contains("code=")).hasSize(1);
            assertThat(locations).filteredOn(location -> location.contains("error=invalid_request")).hasSize(9);
        }
        finally {
            threads.shutdownNow();
        }
    }

    @Test
    void requestUriSurvivesTheSignInItLeadsToAndIsUsedWhenTheRequestIsAnswered() {
        String requestUri = push(parRequest(PkcePair.generate()));
        OAuthClient browser = server().client();
        Response toLogin = browser.authorize(Map.of("client_id", PAR_SPA, "request_uri", requestUri));
        assertThat(toLogin.header("Location")).isEqualTo(server().url("/login"));
        assertThat(pushedRequests(requestUri)).as("not used by a request that asks to sign in").isEqualTo(1);

        Response signedIn = browser.login(ALICE, ALICE_PASSWORD);
        Response answered = browser.get(URI.create(signedIn.header("Location")).getRawPath() + "?"
                + URI.create(signedIn.header("Location")).getRawQuery(), Map.of("Accept", "text/html"));
        assertThat(answered.header("Location")).as(answered.toString()).startsWith(PAR_SPA_REDIRECT + "?code=");
        assertThat(pushedRequests(requestUri)).isZero();
    }

    @Test
    void pushedSignInParametersApplyAsIfTheyWereInTheUrl() {
        Map<String, String> request = parRequest(PkcePair.generate());
        request.put("prompt", "none");
        String requestUri = push(request);

        Response refused = server().client().authorize(Map.of("client_id", PAR_SPA, "request_uri", requestUri));
        assertThat(refused.status()).isEqualTo(302);
        assertThat(refused.locationQuery()).containsEntry("error", "login_required")
            .containsEntry("state", request.get("state"));
    }

    @Test
    void expiredRequestUriIsRefusedSayingSo() {
        String requestUri = push(parRequest(PkcePair.generate()));
        server().jdbc()
            .sql("UPDATE oauth_authorization SET expires_at = ? WHERE request_uri_hash = ?")
            .params(OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1), oneTimeHash(requestUri))
            .update();

        Response refused = server().signedInClient(ALICE, ALICE_PASSWORD)
            .authorize(Map.of("client_id", PAR_SPA, "request_uri", requestUri));
        assertRefused(refused, "request_uri has expired");
    }

    @Test
    void requestUriIsRefusedToAnotherClientAndStaysUsableByItsOwn() {
        String requestUri = push(parRequest(PkcePair.generate()));
        OAuthClient browser = server().signedInClient(ALICE, ALICE_PASSWORD);

        Response refused = browser.authorize(Map.of("client_id", SPA, "request_uri", requestUri));
        assertThat(refused.status()).isEqualTo(302);
        assertThat(refused.locationQuery()).containsEntry("error", "invalid_request");
        assertThat(refused.locationQuery().get("error_description")).contains("request_uri is unknown to client_id '"
                + SPA + "'");
        assertThat(browser.authorize(Map.of("client_id", PAR_SPA, "request_uri", requestUri)).header("Location"))
            .contains("code=");
    }

    @Test
    void forgedOrRepeatedRequestUrisAreRefused() {
        OAuthClient browser = server().signedInClient(ALICE, ALICE_PASSWORD);
        for (String forged : List.of(REQUEST_URI_PREFIX + "made-up", "https://attacker.example/request.jwt", "")) {
            assertRefused(browser.authorize(Map.of("client_id", PAR_SPA, "request_uri", forged)),
                    "request_uri is unknown");
        }
        String requestUri = push(parRequest(PkcePair.generate()));
        Response repeated = browser.get("/o/authorize/?client_id=" + PAR_SPA + "&request_uri=" + requestUri
                + "&request_uri=" + requestUri, Map.of("Accept", "text/html"));
        assertRefused(repeated, "request_uri and client_id must be sent once each");
    }

    @Test
    void applicationThatRequiresPushedRequestsRefusesAPlainAuthorizationRequest() {
        Map<String, String> plain = parRequest(PkcePair.generate());
        plain.put("response_type", "code");
        long before = grantsOf(PAR_SPA);

        Response refused = server().signedInClient(ALICE, ALICE_PASSWORD).authorize(plain);

        assertThat(refused.status()).isEqualTo(302);
        assertThat(refused.header("Location")).startsWith(PAR_SPA_REDIRECT + "?");
        assertThat(refused.locationQuery()).containsEntry("error", "invalid_request")
            .containsEntry("state", plain.get("state"));
        assertThat(refused.locationQuery().get("error_description"))
            .contains("application 'par-spa' requires pushed authorization requests (RFC 9126)", "/o/par/",
                    "request_uri");
        assertThat(grantsOf(PAR_SPA)).as("no code").isEqualTo(before);
    }

    @Test
    void pushIsCheckedByTheRulesOfEveryAuthorizationRequestAndStoresNothingWhenRefused() {
        long before = grantsOf(PAR_SPA);
        Map<String, String> noChallenge = parRequest(PkcePair.generate());
        noChallenge.remove("code_challenge");
        noChallenge.remove("code_challenge_method");
        assertPushRefused(noChallenge, "invalid_request", "code_challenge is required");

        Map<String, String> foreignRedirect = parRequest(PkcePair.generate());
        foreignRedirect.put("redirect_uri", "https://attacker.example/cb");
        assertPushRefused(foreignRedirect, "invalid_request", "'https://attacker.example/cb' is not registered");

        Map<String, String> tooMuchScope = parRequest(PkcePair.generate());
        tooMuchScope.put("scope", "openid admin");
        assertPushRefused(tooMuchScope, "invalid_scope", "allowed scopes are");

        Map<String, String> nested = parRequest(PkcePair.generate());
        nested.put("request_uri", REQUEST_URI_PREFIX + "abc");
        assertPushRefused(nested, "invalid_request", "request_uri");

        Map<String, String> longHint = parRequest(PkcePair.generate());
        longHint.put("login_hint", "x".repeat(4001));
        assertPushRefused(longHint, "invalid_request", "at most 4000 characters");

        assertThat(grantsOf(PAR_SPA)).isEqualTo(before);
    }

    @Test
    void confidentialClientPushesWithItsSecretWhichIsNeverStoredAndWrongSecretsAreRefused() {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("client_id", BACKEND);
        request.put("response_type", "code");
        request.put("redirect_uri", BACKEND_REDIRECT);
        request.put("scope", "read");
        request.put("state", "backend-state");
        Response basic = server().client().postWithBasic("/o/par/", BACKEND, BACKEND_SECRET, request);
        assertThat(basic.status()).as(basic.toString()).isEqualTo(201);

        Map<String, String> posted = new LinkedHashMap<>(request);
        posted.put("client_secret", BACKEND_SECRET);
        Response post = server().client().postForm("/o/par/", posted, null);
        assertThat(post.status()).as(post.toString()).isEqualTo(201);
        assertThat(StoredValues.of(server(), "oauth_authorization")).noneSatisfy(value -> assertThat(value)
            .contains(BACKEND_SECRET));

        Response wrong = server().client().postWithBasic("/o/par/", BACKEND, BACKEND_SECRET + "x", request);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json()).containsEntry("error", "invalid_client");
        Response unknown = server().client().postForm("/o/par/", Map.of("client_id", "no-such-app",
                "response_type", "code"), null);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.json()).containsEntry("error", "invalid_client");
    }

    @Test
    void discoveryAdvertisesTheEndpointAndThatPushingIsNotRequiredOfEveryone() {
        for (String path : List.of("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration")) {
            Map<String, Object> metadata = server().client().get(path, Map.of("Accept", "application/json")).json();
            assertThat(metadata).as(path)
                .containsEntry("pushed_authorization_request_endpoint", server().url("/o/par/"))
                .containsEntry("require_pushed_authorization_requests", false);
        }
    }

    /** A public client's request, as it would be sent to the authorization endpoint. */
    private static Map<String, String> parRequest(PkcePair pkce) {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("client_id", PAR_SPA);
        request.put("response_type", "code");
        request.put("redirect_uri", PAR_SPA_REDIRECT);
        request.put("scope", "openid read");
        request.put("state", "pushed-" + System.nanoTime());
        request.put("nonce", "n-" + System.nanoTime());
        request.put("code_challenge", pkce.challenge());
        request.put("code_challenge_method", "S256");
        return request;
    }

    private String push(Map<String, String> request) {
        Response pushed = server().client().postForm("/o/par/", request, null);
        assertThat(pushed.status()).as(pushed.toString()).isEqualTo(201);
        return pushed.jsonString("request_uri");
    }

    private void assertPushRefused(Map<String, String> request, String error, String description) {
        Response refused = server().client().postForm("/o/par/", request, null);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json()).containsEntry("error", error);
        assertThat(refused.jsonString("error_description")).contains(description);
    }

    /** Refused at the authorization endpoint: sent back to the client's only redirect URI, as nothing is trusted. */
    private static void assertRefused(Response response, String... description) {
        assertThat(response.status()).as(response.toString()).isEqualTo(302);
        assertThat(response.header("Location")).startsWith(PAR_SPA_REDIRECT + "?").doesNotContain("code=");
        assertThat(response.locationQuery()).containsEntry("error", "invalid_request");
        assertThat(response.locationQuery().get("error_description")).contains(description);
    }

    private long pushedRequests(String requestUri) {
        return server().jdbc()
            .sql("SELECT COUNT(*) FROM oauth_authorization WHERE request_uri_hash = ?")
            .param(oneTimeHash(requestUri))
            .query(Long.class)
            .single();
    }

    private long grantsOf(String clientId) {
        return server().jdbc()
            .sql("SELECT COUNT(*) FROM oauth_authorization WHERE client_id = ?")
            .param(clientId)
            .query(Long.class)
            .single();
    }

    private static String oneTimeHash(String requestUri) {
        return PkcePair.sha256Hex(requestUri.substring(REQUEST_URI_PREFIX.length()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> claims(String jwt) {
        return JsonMapper.builder().build().readValue(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), Map.class);
    }
}
