package dev.latchkey.fuzz;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.JWT_SPA;
import static dev.latchkey.support.TestWorld.JWT_SPA_REDIRECT;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;

import dev.latchkey.admin.AdminWorld;
import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.RawHttp;
import dev.latchkey.support.SharedServers;

/**
 * What the hostile requests start from, on one database: the admin tests' server ({@code TestWorld}, an admin and
 * the management robot), signed-in sessions of alice and of the admin with their CSRF tokens, an anonymous
 * session, real tokens (and what an attacker makes of them, {@link AlteredTokens}), an application and a user of
 * the fuzz's own for the management API to change, and a fresh authorization code. Nothing here guesses a
 * password or a client secret: a brute-force guard must never lock what other tests use.
 */
final class FuzzWorld {

    static final String FUZZ_APP = "fuzz-app";

    static final String FUZZ_USER = "fuzz-user";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private static final Map<Database, FuzzWorld> WORLDS = new EnumMap<>(Database.class);

    final LatchkeyServer server;

    final int port;

    final Session alice;

    final Session admin;

    final Session anonymous;

    String robotToken;

    String spaAccessToken;

    String spaRefreshToken;

    String oidcAccessToken;

    String idToken;

    String fuzzUserId;

    List<String> alteredAccessTokens;

    List<String> alteredRefreshTokens;

    List<String> alteredIdTokens;

    private long tokensIssuedAt;

    private String code;

    private long codeIssuedAt;

    private boolean changed;

    private FuzzWorld(Database database) {
        server = SharedServers.of(database, AdminWorld.provisioning());
        port = Integer.parseInt(server.baseUrl().substring(server.baseUrl().lastIndexOf(':') + 1));
        try (RawHttp http = new RawHttp(port)) {
            anonymous = Session.anonymous(http, port);
            alice = Session.signIn(http, port, ALICE, ALICE_PASSWORD, "/");
            admin = Session.signIn(http, port, AdminWorld.ADMIN, AdminWorld.ADMIN_PASSWORD, "/admin/applications/new");
        }
        renewTokens();
        createFuzzApplication();
        fuzzUserId = fuzzUser();
    }

    static synchronized FuzzWorld of(Database database) {
        return WORLDS.computeIfAbsent(database, FuzzWorld::new);
    }

    /**
     * Issues new real tokens (and their alterations) when the current ones are about to expire (access tokens live
     * five minutes), and a new code when the current one is half its life (60 seconds) old; called before each try,
     * so that what it stores is not taken for a change made by the try.
     *
     * @return whether anything was issued
     */
    boolean renew() {
        boolean renewed = false;
        if (System.currentTimeMillis() - tokensIssuedAt > 240_000) {
            renewTokens();
            renewed = true;
        }
        if (code == null || System.currentTimeMillis() - codeIssuedAt > 30_000) {
            issueCode();
            renewed = true;
        }
        return renewed;
    }

    /** The SPA's current code; its verifier was forgotten at once. */
    String code() {
        return code;
    }

    /** The hashes of the real tokens, whose grants {@link ServerState} keeps whole. */
    List<String> tokenHashes() {
        return List.of(PkcePair.sha256Hex(spaAccessToken), PkcePair.sha256Hex(spaRefreshToken),
                PkcePair.sha256Hex(oidcAccessToken));
    }

    private void renewTokens() {
        OAuthClient browser = server.signedInClient(ALICE, ALICE_PASSWORD);
        Response spa = browser.codeFlowTokens(SPA, SPA_REDIRECT, "read");
        spaAccessToken = spa.jsonString("access_token");
        spaRefreshToken = spa.jsonString("refresh_token");
        // The server's default makes the SPA's access token a reference token; this application's is a JWT.
        Response oidc = browser.codeFlowTokens(JWT_SPA, JWT_SPA_REDIRECT, "openid profile");
        oidcAccessToken = oidc.jsonString("access_token");
        idToken = oidc.jsonString("id_token");
        robotToken = server.client()
            .postWithBasic("/o/token/", AdminWorld.ROBOT, AdminWorld.ROBOT_SECRET,
                    Map.of("grant_type", "client_credentials", "scope", AdminWorld.ADMIN_SCOPE))
            .jsonString("access_token");
        Map<String, Object> jwks = server.client().get("/o/jwks/", Map.of()).json();
        String ecKid = publishedKey(jwks, "EC", "kid");
        String rsaKey = publishedKey(jwks, "RSA", null);
        alteredAccessTokens = new ArrayList<>(AlteredTokens.of(spaAccessToken, ecKid, idToken, rsaKey));
        alteredAccessTokens.addAll(AlteredTokens.of(oidcAccessToken, ecKid, idToken, rsaKey));
        alteredRefreshTokens = AlteredTokens.of(spaRefreshToken, ecKid, idToken, rsaKey);
        alteredIdTokens = AlteredTokens.of(idToken, ecKid, oidcAccessToken, rsaKey);
        tokensIssuedAt = System.currentTimeMillis();
    }

    private void issueCode() {
        HostileRequest authorize = new HostileRequest("code", "GET", "/o/authorize/").query("response_type", "code")
            .query("client_id", SPA)
            .query("redirect_uri", SPA_REDIRECT)
            .query("scope", "read")
            .query("state", "fuzz")
            .query("code_challenge", PkcePair.generate().challenge())
            .query("code_challenge_method", "S256")
            .header("Cookie", alice.cookie())
            .header("Accept", "text/html");
        String location = send(authorize).header("Location");
        Matcher issued = Pattern.compile("[?&]code=([^&]+)").matcher(location);
        if (!issued.find()) {
            throw new IllegalStateException("No code in " + location);
        }
        code = URLDecoder.decode(issued.group(1), StandardCharsets.UTF_8);
        codeIssuedAt = System.currentTimeMillis();
    }

    /** A request was accepted that may have changed (or deleted) what the fuzz owns. */
    void mayHaveChanged() {
        changed = true;
    }

    /** Brings back the fuzz's application and user if an accepted request deleted them; whether it did. */
    boolean restoreOwnObjects() {
        if (!changed) {
            return false;
        }
        createFuzzApplication();
        fuzzUserId = fuzzUser();
        changed = false;
        return true;
    }

    private void createFuzzApplication() {
        HostileRequest create = new HostileRequest("setup", "POST", "/admin/api/applications")
            .header("Authorization", "Bearer " + robotToken)
            .json("{\"client_id\":\"" + FUZZ_APP + "\",\"client_name\":\"Fuzz\",\"token_endpoint_auth_method\":\"none\","
                    + "\"grant_types\":[\"authorization_code\"],\"redirect_uris\":[\"https://fuzz.example/cb\"],"
                    + "\"scope\":\"read\"}");
        RawHttp.Answer created = send(create);
        if (created.status() != 201 && created.status() != 409) {
            throw new IllegalStateException("Could not create " + FUZZ_APP + ": " + created);
        }
    }

    @SuppressWarnings("unchecked")
    private String fuzzUser() {
        HostileRequest create = new HostileRequest("setup", "POST", "/admin/api/users")
            .header("Authorization", "Bearer " + robotToken)
            .json("{\"username\":\"" + FUZZ_USER + "\",\"password\":\"fuzz-user-password-1\"}");
        send(create);
        HostileRequest list = new HostileRequest("setup", "GET", "/admin/api/users").header("Authorization",
                "Bearer " + robotToken);
        List<Map<String, Object>> users = JSON.readValue(send(list).body(), List.class);
        return users.stream()
            .filter(user -> FUZZ_USER.equals(user.get("username")))
            .map(user -> (String) user.get("id"))
            .findFirst()
            .orElseThrow();
    }

    private RawHttp.Answer send(HostileRequest request) {
        try (RawHttp http = new RawHttp(port)) {
            return http.exchange(request.head(port), request.body(), false);
        }
    }

    @SuppressWarnings("unchecked")
    static String publishedKey(Map<String, Object> jwks, String type, String member) {
        Map<String, Object> key = ((List<Map<String, Object>>) jwks.get("keys")).stream()
            .filter(candidate -> type.equals(candidate.get("kty")))
            .findFirst()
            .orElseThrow();
        return member == null ? JSON.writeValueAsString(key) : (String) key.get(member);
    }

    /** A browser's session: its cookie and a CSRF token for its forms. */
    record Session(String cookie, String csrf) {

        static Session anonymous(RawHttp http, int port) {
            RawHttp.Answer page = page(http, port, "/login", null);
            return new Session(sessionCookie(page, null), csrf(page));
        }

        /** Signs in through the login form, then reads a CSRF token from {@code formPage}. */
        static Session signIn(RawHttp http, int port, String username, String password, String formPage) {
            Session anonymous = anonymous(http, port);
            HostileRequest login = new HostileRequest("setup", "POST", "/login").form("username", username)
                .form("password", password)
                .form("_csrf", anonymous.csrf())
                .header("Cookie", anonymous.cookie());
            RawHttp.Answer signedIn = http.exchange(login.head(port), login.body(), false);
            if (signedIn.status() != 302 || signedIn.header("Location").contains("error")) {
                throw new IllegalStateException("Sign-in of " + username + " refused: " + signedIn);
            }
            String cookie = sessionCookie(signedIn, anonymous.cookie());
            return new Session(cookie, csrf(page(http, port, formPage, cookie)));
        }

        private static RawHttp.Answer page(RawHttp http, int port, String path, String cookie) {
            HostileRequest get = new HostileRequest("setup", "GET", path).header("Accept", "text/html");
            if (cookie != null) {
                get.header("Cookie", cookie);
            }
            return http.exchange(get.head(port), get.body(), false);
        }

        private static String sessionCookie(RawHttp.Answer answer, String fallback) {
            return answer.headers("Set-Cookie")
                .stream()
                .filter(cookie -> cookie.startsWith("SESSION="))
                .map(cookie -> cookie.substring(0, cookie.indexOf(';')))
                .findFirst()
                .orElse(fallback);
        }

        private static String csrf(RawHttp.Answer page) {
            Matcher token = CSRF.matcher(page.text());
            if (!token.find()) {
                throw new IllegalStateException("No CSRF token in\n" + page);
            }
            return token.group(1);
        }
    }
}
