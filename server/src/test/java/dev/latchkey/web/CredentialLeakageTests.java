package dev.latchkey.web;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_ORIGIN;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.SharedServers;

/**
 * Where codes and tokens could leak (RFC 9700 §4.2, §4.3, §4.13, §2.6), they do not: pages send no referrer, an
 * access token in a URL is not accepted, the authorization endpoint offers no CORS, and forwarded headers never
 * choose the URLs the browser is sent to.
 */
@ParameterizedClass
@EnumSource(Database.class)
class CredentialLeakageTests {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void pagesTellTheBrowserToSendNoReferrer() {
        OAuthClient browser = server().signedInClient(ALICE, ALICE_PASSWORD);
        for (String path : new String[] { "/login", "/account/apps" }) {
            Response page = (path.equals("/login") ? server().client() : browser).get(path, Map.of("Accept", "text/html"));
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
        }
    }

    @Test
    void accessTokenInTheQueryOrAFormIsNotAccepted() {
        String accessToken = server().signedInClient(ALICE, ALICE_PASSWORD).codeFlowTokens(SPA, SPA_REDIRECT, "read")
            .jsonString("access_token");
        assertThat(server().client().getWithBearer("/api/test/", accessToken).status()).as("the token is good")
            .isEqualTo(200);

        Response inQuery = server().client()
            .get("/api/test/?access_token=" + URLEncoder.encode(accessToken, StandardCharsets.UTF_8),
                    Map.of("Accept", "application/json"));
        assertThat(inQuery.status()).isEqualTo(401);
        Response inForm = server().client().postForm("/api/test/", Map.of("access_token", accessToken), null);
        assertThat(inForm.status()).isIn(401, 403, 405);
    }

    @Test
    void authorizationEndpointAnswersNoCorsEvenToAnOriginApplicationsAllow() throws Exception {
        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(URI.create(server().url("/o/authorize/")))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", SPA_ORIGIN)
            .header("Access-Control-Request-Method", "GET")
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        HttpResponse<String> request = HTTP.send(HttpRequest.newBuilder(URI.create(server().url("/o/authorize/?"
                + "response_type=code&client_id=" + SPA + "&redirect_uri="
                + URLEncoder.encode(SPA_REDIRECT, StandardCharsets.UTF_8))))
            .header("Origin", SPA_ORIGIN)
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(request.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void forwardedHostAndProtoNeverChooseWhereTheBrowserIsSent() {
        Response redirect = server().client()
            .get("/account/apps", Map.of("Accept", "text/html", "X-Forwarded-Host", "evil.example",
                    "X-Forwarded-Proto", "https", "X-Forwarded-Port", "443", "Forwarded",
                    "host=evil.example;proto=https"));
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.header("Location")).isEqualTo(server().url("/login"));
    }
}
