package dev.latchkey.protocol.token;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.CONSENT_SPA;
import static dev.latchkey.support.TestWorld.OTHER_BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.SPA;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.SharedServers;

/**
 * Refusals at POST /o/token/ before any grant is looked at: failed or missing client authentication
 * (401 {@code invalid_client} with a Basic challenge, RFC 6749 §5.2), grant types Latchkey does not offer,
 * and a public client asking for client_credentials. None issues a token or stores a grant.
 */
@ParameterizedClass
@EnumSource(Database.class)
class TokenClientRefusalTests {

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void clientCredentialsWithTheRightSecretIsIssuedATokenAndStored() {
        long before = grantsWithAccessToken(BACKEND);

        Response token = server().client().postWithBasic("/o/token/", BACKEND, BACKEND_SECRET, clientCredentials());

        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        assertThat(token.header("Cache-Control")).contains("no-store");
        assertThat(token.json()).containsKey("access_token");
        assertThat(grantsWithAccessToken(BACKEND)).isEqualTo(before + 1);
    }

    @Test
    void clientCredentialsWhenBasicCredentialsAreWrongThenUnauthorizedAndNothingSaysWhichPartWasWrong() {
        List<String[]> attempts = List.of(new String[] { BACKEND, "wrong-" + BACKEND_SECRET },
                new String[] { BACKEND, OTHER_BACKEND_SECRET }, new String[] { "no-such-client", BACKEND_SECRET },
                new String[] { SPA, "a-public-client-has-no-secret" });
        String firstDescription = null;
        for (String[] credentials : attempts) {
            long before = grantsWithAccessToken(credentials[0]);

            Response refused = server().client()
                .postWithBasic("/o/token/", credentials[0], credentials[1], clientCredentials());

            assertInvalidClient(refused, "Client authentication failed");
            assertThat(refused.body()).doesNotContain(credentials[1]);
            assertThat(grantsWithAccessToken(credentials[0])).isEqualTo(before);
            firstDescription = firstDescription == null ? refused.jsonString("error_description") : firstDescription;
            assertThat(refused.jsonString("error_description")).as("same answer for every wrong credential")
                .isEqualTo(firstDescription);
        }
    }

    @Test
    void tokenRequestWithoutClientAuthenticationThenUnauthorized() {
        Response refused = server().client().token(clientCredentials());

        assertInvalidClient(refused, "Client authentication is required", "HTTP Basic");
    }

    @Test
    void tokenRequestWhenClientIdIsMissingOrRepeatedOrBasicIsMalformedThenInvalidRequestThatSaysSo() {
        String verifier = PkcePair.generate().verifier();
        String codeGrant = "grant_type=authorization_code&code=some-code&redirect_uri=http%3A%2F%2Fmy-sexy-spa%2F"
                + "&code_verifier=" + verifier;
        Map<String, String> attempts = Map.of("no client_id", codeGrant,
                "repeated client_id", codeGrant + "&client_id=" + SPA + "&client_id=" + CONSENT_SPA);
        attempts.forEach((attempt, body) -> assertInvalidRequestAboutClientAuthentication(attempt, post(body, null)));
        assertInvalidRequestAboutClientAuthentication("malformed Basic",
                post("grant_type=client_credentials", "Basic not-base64!"));
    }

    @Test
    void tokenRequestWhenGrantTypeIsNotOfferedThenUnsupportedGrantType() {
        for (String grantType : List.of("password", "implicit")) {
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("grant_type", grantType);
            parameters.put("username", ALICE);
            parameters.put("password", ALICE_PASSWORD);
            parameters.put("scope", "read");
            long before = grantsWithAccessToken(BACKEND);

            Response refused = server().client().postWithBasic("/o/token/", BACKEND, BACKEND_SECRET, parameters);

            assertThat(refused.status()).as(grantType + ": " + refused).isEqualTo(400);
            assertRefusal(refused, "unsupported_grant_type", "grant_type", "authorization_code, refresh_token or "
                    + "client_credentials");
            assertThat(grantsWithAccessToken(BACKEND)).isEqualTo(before);
        }
    }

    @Test
    void clientCredentialsWhenClientIsPublicThenRefusedWithoutAToken() {
        long before = grantsWithAccessToken(SPA);
        Map<String, String> parameters = new LinkedHashMap<>(clientCredentials());
        parameters.put("client_id", SPA);

        Response refused = server().client().token(parameters);

        assertInvalidClient(refused, "Client authentication is required");
        assertThat(grantsWithAccessToken(SPA)).isEqualTo(before);
    }

    private void assertInvalidRequestAboutClientAuthentication(String attempt, Response refused) {
        assertThat(refused.status()).as(attempt + ": " + refused).isEqualTo(400);
        assertRefusal(refused, "invalid_request", "client_id", "HTTP Basic");
    }

    /** A raw form POST, for what {@link OAuthClient} cannot send: repeated parameters, a malformed header. */
    private Response post(String form, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server().url("/o/token/")))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return new Response(HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()));
        }
        catch (IOException | InterruptedException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Map<String, String> clientCredentials() {
        return Map.of("grant_type", "client_credentials", "scope", "read");
    }

    private long grantsWithAccessToken(String clientId) {
        return server().jdbc()
            .sql("SELECT COUNT(*) FROM oauth_authorization WHERE client_id = ? AND access_token_hash IS NOT NULL")
            .param(clientId)
            .query(Long.class)
            .single();
    }

    /** RFC 6749 §5.2: 401 with a challenge in the scheme the client should use. */
    private static void assertInvalidClient(Response response, String... descriptionParts) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Basic ");
        assertRefusal(response, "invalid_client", descriptionParts);
    }

    private static void assertRefusal(Response response, String error, String... descriptionParts) {
        assertThat(response.header("Cache-Control")).as(response.toString()).contains("no-store");
        assertThat(response.json()).containsEntry("error", error)
            .doesNotContainKeys("access_token", "refresh_token", "id_token");
        assertThat(response.jsonString("error_description")).contains(descriptionParts);
    }
}
