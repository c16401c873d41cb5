package dev.latchkey.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient.Response;

/** A management API caller: JSON requests with a bearer token (or none), no cookies, no redirects. */
public final class AdminApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LatchkeyServer server;

    private final String token;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private AdminApi(LatchkeyServer server, String token) {
        this.server = server;
        this.token = token;
    }

    /** Obtains a latchkey:admin token the only way there is: client_credentials as the robot application. */
    public static AdminApi asRobot(LatchkeyServer server) {
        Response issued = server.client().postWithBasic("/o/token/", AdminWorld.ROBOT, AdminWorld.ROBOT_SECRET,
                Map.of("grant_type", "client_credentials", "scope", AdminWorld.ADMIN_SCOPE));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
        return new AdminApi(server, issued.jsonString("access_token"));
    }

    static AdminApi withToken(LatchkeyServer server, String token) {
        return new AdminApi(server, token);
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body);
    }

    Response put(String path, Object body) {
        return send("PUT", path, body);
    }

    Response patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    Response delete(String path) {
        return send("DELETE", path, null);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Response response) {
        return JSON.readValue(response.body(), List.class);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> problems(Response response) {
        return (List<Map<String, Object>>) response.json().get("problems");
    }

    private Response send(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(path)))
            .header("Accept", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body instanceof String text ? text : JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return new Response(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
