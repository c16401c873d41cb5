package dev.latchkey.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.json.JsonMapper;

/**
 * A test's HTTP client against a {@link LatchkeyServer}: a browser-like cookie jar for the login and
 * authorization steps, plain form posts for the token endpoints. Redirects are never followed, so tests
 * see every hop.
 */
public final class OAuthClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final LatchkeyServer server;

    private final HttpClient http;

    /** Sent with every request. */
    private final Map<String, String> headers;

    OAuthClient(LatchkeyServer server) {
        this(server, HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(10))
            .build(), Map.of());
    }

    private OAuthClient(LatchkeyServer server, HttpClient http, Map<String, String> headers) {
        this.server = server;
        this.http = http;
        this.headers = headers;
    }

    /**
     * The same client (cookies included) as seen through a reverse proxy that forwards it from {@code address}:
     * every request carries {@code X-Forwarded-For}, which the server honours only from a trusted proxy.
     */
    public OAuthClient forwardedFor(String address) {
        return new OAuthClient(server, http, Map.of("X-Forwarded-For", address));
    }

    /**
     * The same client (cookies included) sending its requests to {@code node} instead: another node of one
     * installation behind a load balancer, which a browser does not tell apart (cookies do not depend on the port).
     */
    public OAuthClient on(LatchkeyServer node) {
        return new OAuthClient(node, http, headers);
    }

    /** Signs in through the login form; returns the response to the credentials POST. */
    public Response login(String username, String password) {
        Response page = get("/login", Map.of("Accept", "text/html"));
        Matcher csrf = CSRF.matcher(page.body());
        if (!csrf.find()) {
            throw new IllegalStateException("The login page has no CSRF token:\n" + page.body());
        }
        return postForm("/login", Map.of("username", username, "password", password, "_csrf", csrf.group(1)), null);
    }

    /** GET /o/authorize/ with these parameters, as a browser with this client's cookies. */
    public Response authorize(Map<String, String> parameters) {
        return get("/o/authorize/?" + form(parameters), Map.of("Accept", "text/html"));
    }

    /** A standard S256 authorization request for a signed-in user; fails unless it redirects with a code. */
    public AuthorizationResponse authorizeCode(String clientId, String redirectUri, String scope, PkcePair pkce) {
        Map<String, String> parameters = codeRequest(clientId, redirectUri, scope, pkce);
        Response response = authorize(parameters);
        AuthorizationResponse result = AuthorizationResponse.from(response);
        if (result.code() == null) {
            throw new IllegalStateException("Expected a redirect with a code, got " + response.status() + " "
                    + response.header("Location") + "\n" + response.body());
        }
        if (!parameters.get("state").equals(result.state())) {
            throw new IllegalStateException("state was not echoed: " + response.header("Location"));
        }
        return result;
    }

    /** The parameters of a standard authorization request, with a fresh state (S256 unless {@code pkce} is null). */
    public static Map<String, String> codeRequest(String clientId, String redirectUri, String scope, PkcePair pkce) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("response_type", "code");
        parameters.put("client_id", clientId);
        parameters.put("redirect_uri", redirectUri);
        parameters.put("scope", scope);
        parameters.put("state", "st-" + System.nanoTime());
        if (pkce != null) {
            parameters.put("code_challenge", pkce.challenge());
            parameters.put("code_challenge_method", "S256");
        }
        return parameters;
    }

    /** A whole S256 code flow for a signed-in user and a public client; fails unless tokens are issued. */
    public Response codeFlowTokens(String clientId, String redirectUri, String scope) {
        PkcePair pkce = PkcePair.generate();
        Response issued = redeem(clientId, authorizeCode(clientId, redirectUri, scope, pkce), redirectUri, pkce.verifier());
        if (issued.status() != 200) {
            throw new IllegalStateException("Expected tokens, got " + issued);
        }
        return issued;
    }

    /** POST to the token endpoint as a public client (client_id in the body). */
    public Response token(Map<String, String> parameters) {
        return postForm("/o/token/", parameters, null);
    }

    /** POST to an endpoint authenticating with HTTP Basic (client_secret_basic). */
    public Response postWithBasic(String path, String clientId, String secret, Map<String, String> parameters) {
        String credentials = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return postForm(path, parameters,
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    /** Redeems a code as the public SPA would. */
    public Response redeem(String clientId, AuthorizationResponse authorization, String redirectUri, String verifier) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("grant_type", "authorization_code");
        parameters.put("code", authorization.code());
        parameters.put("redirect_uri", redirectUri);
        parameters.put("client_id", clientId);
        if (verifier != null) {
            parameters.put("code_verifier", verifier);
        }
        return token(parameters);
    }

    public Response get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(path))).GET();
        headers.forEach(request::header);
        return send(request);
    }

    public Response getWithBearer(String path, String accessToken) {
        return get(path, Map.of("Authorization", "Bearer " + accessToken, "Accept", "application/json"));
    }

    public Response postForm(String path, Map<String, String> parameters, String authorization) {
        return post(path, parameters, authorization == null ? Map.of() : Map.of("Authorization", authorization));
    }

    /** A form POST with these extra headers (a {@code DPoP} proof, say); a list value sends the header repeatedly. */
    public Response post(String path, Map<String, String> parameters, Map<String, ?> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(path)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form(parameters)));
        headers.forEach((name, value) -> {
            if (value instanceof List<?> values) {
                values.forEach(one -> request.header(name, one.toString()));
            }
            else {
                request.header(name, value.toString());
            }
        });
        return send(request);
    }

    /** POST of an HTML form, as a browser submits it: the answer is a page or a redirect. */
    public Response submit(String path, Map<String, String> parameters) {
        return send(HttpRequest.newBuilder(URI.create(server.url(path)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "text/html")
            .POST(HttpRequest.BodyPublishers.ofString(form(parameters))));
    }

    private Response send(HttpRequest.Builder request) {
        headers.forEach(request::header);
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

    static String form(Map<String, String> parameters) {
        return parameters.entrySet()
            .stream()
            .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    }

    /** An HTTP response with helpers for JSON bodies and the Location header's query. */
    public record Response(HttpResponse<String> raw) {

        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> json() {
            return JSON.readValue(raw.body(), Map.class);
        }

        public String jsonString(String field) {
            Object value = json().get(field);
            return value == null ? null : value.toString();
        }

        /** The decoded query parameters of the Location header. */
        public Map<String, String> locationQuery() {
            String location = header("Location");
            Map<String, String> query = new LinkedHashMap<>();
            int start = location == null ? -1 : location.indexOf('?');
            if (start < 0) {
                return query;
            }
            for (String pair : location.substring(start + 1).split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.put(key, value);
            }
            return query;
        }

        @Override
        public String toString() {
            return status() + " " + raw.headers().map() + "\n" + body();
        }
    }

    /** The parts of an authorization response redirect. */
    public record AuthorizationResponse(String location, String code, String state, String issuer) {

        public static AuthorizationResponse from(Response response) {
            Map<String, String> query = response.locationQuery();
            return new AuthorizationResponse(response.header("Location"), query.get("code"), query.get("state"),
                    query.get("iss"));
        }
    }
}
