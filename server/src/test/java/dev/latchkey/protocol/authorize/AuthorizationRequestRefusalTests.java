package dev.latchkey.protocol.authorize;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.CONSENT_SPA;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.web.util.HtmlUtils;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.SharedServers;

/**
 * Refusals of GET /o/authorize/ as an attacker would try them, from a signed-in and from an anonymous
 * browser: never a redirect to an untrusted URI, an RFC error code and a description naming the problem,
 * and no authorization stored.
 */
@ParameterizedClass
@EnumSource(Database.class)
class AuthorizationRequestRefusalTests {

    private static final String ATTACKER_REDIRECT = "https://attacker.example/steal";

    private static final Pattern PAGE_DESCRIPTION = Pattern.compile("<span id=\"error-description\">(.*?)</span>",
            Pattern.DOTALL);

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void authorizeWithTheBaselineRequestIssuesACodeOrAsksAnonymousUsersToSignIn() {
        Map<String, String> request = validRequest();
        OAuthClient browser = signedInBrowser();
        OffsetDateTime before = now();
        Response signedIn = browser.authorize(request);
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.header("Location")).startsWith(SPA_REDIRECT + "?code=");
        assertThat(authorizationsCreatedSince(before)).as("the row count the refusals rely on").isEqualTo(1);
        Response anonymous = server().client().authorize(request);
        assertThat(anonymous.status()).isEqualTo(302);
        assertThat(anonymous.header("Location")).isEqualTo(server().url("/login"));
    }

    @Test
    void authorizeWhenClientIsUnknownThenErrorPageNamesItAndNeverRedirects() {
        Map<String, String> request = validRequest();
        request.put("client_id", "no-such-app");
        request.put("redirect_uri", ATTACKER_REDIRECT);
        eachBrowser(query(request), response -> {
            assertErrorPage(response, "invalid_request", "client_id 'no-such-app' is not a registered application");
            assertThat(response.body()).doesNotContain(ATTACKER_REDIRECT);
        });
    }

    @Test
    void authorizeWhenRedirectUriIsNotRegisteredThenErrorPageNamesItAndNeverRedirects() {
        for (String unregistered : List.of(ATTACKER_REDIRECT, "http://my-sexy-spa.attacker.example/",
                SPA_REDIRECT + "callback", "http://my-sexy-spa")) {
            Map<String, String> request = validRequest();
            request.put("redirect_uri", unregistered);
            eachBrowser(query(request), response -> assertErrorPage(response, "invalid_request",
                    "redirect_uri '" + unregistered + "' is not registered for application '" + SPA + "'",
                    "exactly"));
        }
    }

    @Test
    void authorizeWhenChallengeMethodIsLowercaseS256ThenRedirectsInvalidRequestSayingMethodsAreCaseSensitive() {
        Map<String, String> request = validRequest();
        request.put("code_challenge_method", "s256");
        eachBrowser(query(request), response -> assertErrorRedirect(response, request, "invalid_request",
                "'s256' is not supported", "case-sensitive", "S256"));
    }

    @Test
    void authorizeWhenPublicClientSendsNoChallengeThenRedirectsInvalidRequestAskingForCodeChallenge() {
        Map<String, String> request = validRequest();
        request.remove("code_challenge");
        request.remove("code_challenge_method");
        eachBrowser(query(request), response -> assertErrorRedirect(response, request, "invalid_request",
                "code_challenge is required", "code_challenge_method=S256"));
    }

    @Test
    void authorizeWhenPlainMethodIsNotAllowedForTheClientThenRedirectsInvalidRequest() {
        Map<String, String> request = validRequest();
        request.put("code_challenge", PkcePair.generate().verifier());
        request.put("code_challenge_method", "plain");
        eachBrowser(query(request), response -> assertErrorRedirect(response, request, "invalid_request",
                "'plain' is not allowed for this application", "use S256"));
    }

    @Test
    void authorizeWhenChallengeMethodIsMissingThenRedirectsInvalidRequestAskingForS256() {
        Map<String, String> request = validRequest();
        request.remove("code_challenge_method");
        eachBrowser(query(request), response -> assertErrorRedirect(response, request, "invalid_request",
                "code_challenge_method is missing", "code_challenge_method=S256"));
    }

    @Test
    void authorizeWhenS256ChallengeIsMalformedThenRedirectsInvalidRequestSaying43Characters() {
        for (String malformed : List.of("abcdefghij", PkcePair.generate().challenge() + "=")) {
            Map<String, String> request = validRequest();
            request.put("code_challenge", malformed);
            eachBrowser(query(request), response -> assertErrorRedirect(response, request, "invalid_request",
                    "exactly 43 characters", "RFC 7636 section 4.2"));
        }
    }

    @Test
    void authorizeWhenResponseTypeIsNotCodeThenRedirectsUnsupportedResponseTypeWithoutAnyToken() {
        for (String responseType : List.of("token", "code token", "id_token token", "urn:example:bogus")) {
            Map<String, String> request = validRequest();
            request.put("response_type", responseType);
            eachBrowser(query(request), response -> assertErrorRedirect(response, request, "unsupported_response_type",
                    "response_type must be sent once and be 'code'"));
        }
    }

    @Test
    void authorizeWhenResponseTypeIsMissingThenRedirectsInvalidRequest() {
        Map<String, String> request = validRequest();
        request.remove("response_type");
        eachBrowser(query(request), response -> assertErrorRedirect(response, request, "invalid_request",
                "response_type must be sent once and be 'code'"));
    }

    @Test
    void authorizeWhenResponseTypeIsWrongAndTheClientOrRedirectUriIsNotTrustedThenErrorPageOnly() {
        Map<String, String> unknownClient = validRequest();
        unknownClient.put("response_type", "token");
        unknownClient.put("client_id", "no-such-app");
        Map<String, String> unregisteredRedirect = validRequest();
        unregisteredRedirect.put("response_type", "token");
        unregisteredRedirect.put("redirect_uri", ATTACKER_REDIRECT);
        for (Map<String, String> request : List.of(unknownClient, unregisteredRedirect)) {
            eachBrowser(query(request), response -> {
                assertErrorPage(response, "unsupported_response_type", "response_type must be sent once");
                assertThat(response.body()).doesNotContain(ATTACKER_REDIRECT);
            });
        }
    }

    @Test
    void authorizeWhenScopeIsNotRegisteredThenRedirectsInvalidScopeListingTheAllowedOnes() {
        Map<String, String> request = validRequest();
        request.put("scope", "read admin");
        eachBrowser(query(request), response -> assertErrorRedirect(response, request, "invalid_scope",
                "scope asks for more than application '" + SPA + "' may have", "read", "write"));
    }

    @Test
    void authorizeWhenTheClientRedirectUriOrStateIsRepeatedThenErrorPageWithoutRedirect() {
        Map<String, String> secondValues = Map.of("client_id", CONSENT_SPA, "redirect_uri", ATTACKER_REDIRECT,
                "state", "other-state");
        secondValues.forEach((parameter, second) -> eachBrowser(
                query(validRequest()) + "&" + encode(parameter) + "=" + encode(second),
                response -> assertErrorPage(response, "invalid_request", parameter + " ")));
    }

    /** RFC 6749 §4.1.2.1: a repeated parameter is invalid_request, sent to a trusted redirect URI with the state. */
    @Test
    void authorizeWhenAnotherParameterIsRepeatedThenRedirectsInvalidRequestNamingIt() {
        Map<String, String> secondValues = Map.of("code_challenge", PkcePair.generate().challenge(),
                "code_challenge_method", "S256", "response_type", "code", "scope", "write");
        secondValues.forEach((parameter, second) -> {
            Map<String, String> request = validRequest();
            eachBrowser(query(request) + "&" + encode(parameter) + "=" + encode(second),
                    response -> assertErrorRedirect(response, request, "invalid_request", parameter + " "));
        });
    }

    /**
     * Spring lets a repeated PKCE parameter through when its first value is empty, which was a
     * {@code ClassCastException} (a 500), found by the hostile-request fuzz.
     */
    @Test
    void authorizeWhenAPkceParameterIsRepeatedAfterAnEmptyOneThenRedirectsInvalidRequestNamingIt() {
        for (String parameter : List.of("code_challenge", "code_challenge_method")) {
            Map<String, String> request = validRequest();
            String value = request.remove(parameter);
            eachBrowser(query(request) + "&" + parameter + "=&" + parameter + "=" + encode(value),
                    response -> assertErrorRedirect(response, request, "invalid_request",
                            parameter + " was sent more than once"));
        }
    }

    /** A request that would succeed: public SPA, registered redirect URI and scope, S256. */
    private static Map<String, String> validRequest() {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("response_type", "code");
        request.put("client_id", SPA);
        request.put("redirect_uri", SPA_REDIRECT);
        request.put("scope", "read");
        request.put("state", "st-" + System.nanoTime());
        request.put("code_challenge", PkcePair.generate().challenge());
        request.put("code_challenge_method", "S256");
        return request;
    }

    /**
     * Sends the request from a signed-in and from an anonymous browser; both must meet the expectations, and
     * neither may leave an authorization (code or consent state) in the database or a code in a redirect.
     */
    private void eachBrowser(String query, Consumer<Response> expectations) {
        Map<String, OAuthClient> browsers = Map.of("signed in", signedInBrowser(), "anonymous", server().client());
        browsers.forEach((who, browser) -> {
            OffsetDateTime before = now();
            Response response = browser.get("/o/authorize/?" + query, Map.of("Accept", "text/html"));
            assertThat(response).as("%s: %s", who, query).satisfies(expectations);
            assertThat(response.locationQuery()).as("%s: %s", who, response.header("Location"))
                .doesNotContainKeys("code", "access_token", "id_token");
            assertThat(String.valueOf(response.header("Location"))).doesNotContain("#");
            assertThat(authorizationsCreatedSince(before)).as("%s: rows stored for %s", who, query).isZero();
        });
    }

    private OAuthClient signedInBrowser() {
        return server().signedInClient(ALICE, ALICE_PASSWORD);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }

    private long authorizationsCreatedSince(OffsetDateTime instant) {
        return server().jdbc()
            .sql("SELECT COUNT(*) FROM oauth_authorization WHERE created_at >= ?")
            .param(instant)
            .query(Long.class)
            .single();
    }

    private static void assertErrorPage(Response response, String error, String... descriptionParts) {
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Location")).isNull();
        assertThat(response.header("Content-Type")).startsWith("text/html");
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(response.body()).contains("<code>" + error + "</code>");
        Matcher description = PAGE_DESCRIPTION.matcher(response.body());
        assertThat(description.find()).as("error page has a description").isTrue();
        assertThat(HtmlUtils.htmlUnescape(description.group(1))).contains(descriptionParts);
    }

    private void assertErrorRedirect(Response response, Map<String, String> request, String error,
            String... descriptionParts) {
        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).startsWith(request.get("redirect_uri") + "?");
        assertThat(response.locationQuery()).containsEntry("error", error)
            .containsEntry("state", request.get("state"))
            .containsEntry("iss", server().baseUrl());
        assertThat(response.locationQuery().get("error_description")).contains(descriptionParts);
    }

    private static String query(Map<String, String> parameters) {
        return parameters.entrySet()
            .stream()
            .map(parameter -> encode(parameter.getKey()) + "=" + encode(parameter.getValue()))
            .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
