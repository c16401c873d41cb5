package dev.latchkey.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.SharedServers;

/**
 * A protocol endpoint called with a method it does not take answers 405 with {@code Allow} (RFC 9110 §15.5.6),
 * not the login page; an actuator path that is not exposed is a 404.
 */
@ParameterizedClass
@EnumSource(Database.class)
class AllowedMethodsTests {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void endpointsAnswerAWrongMethodWith405AndWhatTheyAllow() throws Exception {
        Map<String, String> postOnly = Map.of("GET", "/o/token/", "PUT", "/o/revoke_token/", "DELETE", "/o/introspect/");
        for (Map.Entry<String, String> call : postOnly.entrySet()) {
            HttpResponse<String> response = send(call.getKey(), call.getValue());
            assertThat(response.statusCode()).as(call.toString()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).as(call.toString()).contains("POST");
            assertThat(response.body()).contains("\"error\":\"invalid_request\"");
        }
        HttpResponse<String> jwks = send("POST", "/o/jwks/");
        assertThat(jwks.statusCode()).isEqualTo(405);
        assertThat(jwks.headers().firstValue("Allow")).contains("GET, HEAD");
        HttpResponse<String> userInfo = send("DELETE", "/o/userinfo/");
        assertThat(userInfo.statusCode()).isEqualTo(405);
        assertThat(userInfo.headers().firstValue("Allow")).contains("GET, HEAD, POST");
    }

    @Test
    void allowedMethodsAndPreflightsStillReachTheEndpoints() throws Exception {
        assertThat(send("GET", "/o/jwks/").statusCode()).isEqualTo(200);
        assertThat(send("POST", "/o/token/").statusCode()).as("no client authentication").isEqualTo(401);
        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(URI.create(server().url("/o/token/")))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", "http://my-sexy-spa")
            .header("Access-Control-Request-Method", "POST")
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("http://my-sexy-spa");
    }

    @Test
    void actuatorPathsThatAreNotExposedAreNotFoundRatherThanALoginPage() throws Exception {
        for (String path : new String[] { "/actuator/env", "/actuator/nothing-here", "/actuator/heapdump" }) {
            HttpResponse<String> response = send("GET", path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Location")).as(path).isEmpty();
        }
        assertThat(send("GET", "/actuator/health").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server().url(path)))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .header("Accept", "application/json")
            .build(), HttpResponse.BodyHandlers.ofString());
    }
}
