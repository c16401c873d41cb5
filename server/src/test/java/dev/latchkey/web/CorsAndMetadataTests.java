package dev.latchkey.web;

import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.SPA_ORIGIN;
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
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.SharedServers;

/**
 * A browser app on an allowed origin may call the token endpoint and the API from script (CORS), other
 * origins may not; the API's 401 points to protected-resource metadata that exists (RFC 9728).
 */
@ParameterizedClass
@EnumSource(Database.class)
class CorsAndMetadataTests {

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void preflightFromAnAllowedOriginIsAcceptedForTokenAndApi() throws Exception {
        for (String path : new String[] { "/o/token/", "/o/revoke_token/", "/api/test/" }) {
            HttpResponse<String> preflight = preflight(path, SPA_ORIGIN);
            assertThat(preflight.statusCode()).as(path).isEqualTo(200);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).as(path).hasValue(SPA_ORIGIN);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).as(path).isEmpty();
        }
    }

    @Test
    void preflightFromAnUnknownOriginIsRefused() throws Exception {
        HttpResponse<String> preflight = preflight("/o/token/", "http://evil.example");
        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void tokenResponseCarriesTheAllowOriginHeaderForAnAllowedOrigin() {
        Response token = server().client()
            .postWithBasic("/o/token/", BACKEND, BACKEND_SECRET, Map.of("grant_type", "client_credentials"));
        assertThat(token.status()).isEqualTo(200);
        HttpResponse<String> withOrigin = send(HttpRequest.newBuilder(URI.create(server().url("/o/token/")))
            .header("Origin", SPA_ORIGIN)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + BACKEND
                    + "&client_secret=" + BACKEND_SECRET))
            .build());
        assertThat(withOrigin.statusCode()).isEqualTo(200);
        assertThat(withOrigin.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SPA_ORIGIN);
    }

    @Test
    void unauthorizedApiResponsePointsToProtectedResourceMetadataThatExists() {
        Response unauthorized = server().client().get("/api/test/", Map.of("Accept", "application/json"));
        assertThat(unauthorized.status()).isEqualTo(401);
        String header = unauthorized.header("WWW-Authenticate");
        assertThat(header).contains("resource_metadata=");
        String metadataUrl = header.replaceAll(".*resource_metadata=\"([^\"]+)\".*", "$1");
        Response metadata = server().client().get(metadataUrl.substring(server().baseUrl().length()), Map.of());
        assertThat(metadata.status()).isEqualTo(200);
        assertThat(metadata.json()).containsEntry("resource", server().baseUrl())
            .containsKey("authorization_servers");
        assertThat(metadata.body()).contains(server().baseUrl());
    }

    private HttpResponse<String> preflight(String path, String origin) {
        return send(HttpRequest.newBuilder(URI.create(server().url(path)))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
