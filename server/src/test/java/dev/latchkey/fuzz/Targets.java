package dev.latchkey.fuzz;

import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.CONSENT_SPA;
import static dev.latchkey.support.TestWorld.CONSENT_SPA_REDIRECT;
import static dev.latchkey.support.TestWorld.OIDC_SPA;
import static dev.latchkey.support.TestWorld.OIDC_SPA_LOGOUT_REDIRECT;
import static dev.latchkey.support.TestWorld.OIDC_SPA_REDIRECT;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import dev.latchkey.fuzz.Target.Effect;
import dev.latchkey.fuzz.Target.TokenSlot;
import dev.latchkey.support.PkcePair;

/**
 * Every endpoint, as the eighteen groups the fuzz counts requests for: the OAuth and OpenID Connect endpoints
 * (pushed requests included), the pages, the demo API, the admin console, the management API and the actuator.
 * Within a group a try's variant number picks the request. Writes only touch what the fuzz owns
 * ({@link FuzzWorld#FUZZ_APP}, {@link FuzzWorld#FUZZ_USER}).
 */
final class Targets {

    static final List<String> GROUPS = List.of("authorize GET", "authorize POST", "pushed request", "token", "revoke",
            "introspect", "userinfo", "discovery", "jwks", "logout", "login", "consent", "account", "api",
            "admin console", "management API", "actuator", "error and other pages");

    private static final String CHALLENGE = PkcePair.generate().challenge();

    private static final Map<String, List<Target>> BY_GROUP = catalog();

    private Targets() {
    }

    /** The request a group starts from in a try with this variant number. */
    static Target pick(String group, int variant) {
        List<Target> targets = BY_GROUP.get(group);
        return targets.get(Math.floorMod(variant, targets.size()));
    }

    private static Map<String, List<Target>> catalog() {
        List<Target> all = new ArrayList<>();
        authorization(all);
        pushedRequests(all);
        tokenEndpoints(all);
        openIdConnect(all);
        pages(all);
        administration(all);
        Map<String, List<Target>> byGroup = new LinkedHashMap<>();
        GROUPS.forEach(group -> byGroup.put(group, new ArrayList<>()));
        all.forEach(target -> byGroup.get(target.group()).add(target));
        byGroup.forEach((group, targets) -> {
            if (targets.isEmpty()) {
                throw new IllegalStateException("No target in group " + group);
            }
        });
        return byGroup;
    }

    private static void authorization(List<Target> all) {
        for (String method : List.of("GET", "POST")) {
            String group = "authorize " + method;
            all.add(target(group, "signed-in SPA", TokenSlot.NONE, Effect.ISSUES_CODE,
                    (world, variant) -> authorize(method, SPA, SPA_REDIRECT, "read").header("Cookie", world.alice.cookie())));
            all.add(target(group, "signed-in OpenID Connect", TokenSlot.ID_TOKEN_HINT, Effect.ISSUES_CODE,
                    (world, variant) -> add(authorize(method, OIDC_SPA, OIDC_SPA_REDIRECT, "openid profile"), "nonce",
                            "fuzz-nonce", "id_token_hint", world.idToken, "max_age", "3600")
                        .header("Cookie", world.alice.cookie())));
            all.add(target(group, "signed-in consent needed", TokenSlot.NONE, Effect.ISSUES_CODE,
                    (world, variant) -> authorize(method, CONSENT_SPA, CONSENT_SPA_REDIRECT, "read").header("Cookie",
                            world.alice.cookie())));
            all.add(target(group, "not signed in", TokenSlot.NONE, Effect.NONE,
                    (world, variant) -> authorize(method, SPA, SPA_REDIRECT, "read write").header("Cookie",
                            world.anonymous.cookie())));
        }
    }

    private static void pushedRequests(List<Target> all) {
        all.add(target("pushed request", "public SPA", TokenSlot.NONE, Effect.NONE,
                (world, variant) -> post("pushed request", "/o/par/", "response_type", "code", "client_id", SPA,
                        "redirect_uri", SPA_REDIRECT, "scope", "read", "state", "fuzz-state", "code_challenge", CHALLENGE,
                        "code_challenge_method", "S256")));
        all.add(target("pushed request", "OpenID Connect with a bad hint", TokenSlot.ID_TOKEN_HINT, Effect.NONE,
                (world, variant) -> post("pushed request", "/o/par/", "response_type", "code", "client_id", OIDC_SPA,
                        "redirect_uri", OIDC_SPA_REDIRECT, "scope", "openid", "nonce", "fuzz-nonce", "code_challenge",
                        CHALLENGE, "code_challenge_method", "S256", "id_token_hint", altered(world.alteredIdTokens,
                                variant))));
    }

    private static HostileRequest authorize(String method, String clientId, String redirectUri, String scope) {
        return add(new HostileRequest("authorize " + method, method, "/o/authorize/").header("Accept", "text/html"),
                "response_type", "code", "client_id", clientId, "redirect_uri", redirectUri, "scope", scope, "state",
                "fuzz-state", "code_challenge", CHALLENGE, "code_challenge_method", "S256");
    }

    private static void tokenEndpoints(List<Target> all) {
        all.add(target("token", "code, wrong verifier", TokenSlot.NONE, Effect.BURNS_A_STOLEN_CODE,
                (world, variant) -> post("token", "/o/token/", "grant_type", "authorization_code", "code",
                        world.code(), "redirect_uri", SPA_REDIRECT, "client_id", SPA, "code_verifier",
                        PkcePair.generate().verifier())));
        all.add(target("token", "refresh, altered token", TokenSlot.REFRESH_TOKEN, Effect.NONE,
                (world, variant) -> post("token", "/o/token/", "grant_type", "refresh_token", "refresh_token",
                        altered(world.alteredRefreshTokens, variant), "client_id", SPA)));
        all.add(target("token", "unknown confidential client", TokenSlot.NONE, Effect.NONE,
                (world, variant) -> post("token", "/o/token/", "grant_type", "client_credentials", "scope", "read")
                    .header("Authorization", basic("fuzz-unknown-client", "fuzz-unknown-secret-0123456789abcdef"))));
        all.add(target("token", "unknown public client", TokenSlot.NONE, Effect.NONE,
                (world, variant) -> post("token", "/o/token/", "grant_type", "authorization_code", "code", "fuzz-code",
                        "redirect_uri", SPA_REDIRECT, "client_id", "fuzz-unknown-public", "code_verifier",
                        PkcePair.generate().verifier())));
        all.add(target("revoke", "public client, altered token", TokenSlot.TOKEN, Effect.NONE,
                (world, variant) -> post("revoke", "/o/revoke_token/", "token",
                        altered(TokenSlot.TOKEN.alterations(world, variant), variant), "token_type_hint",
                        variant % 2 == 0 ? "access_token" : "refresh_token", "client_id", SPA)));
        all.add(target("introspect", "altered token", TokenSlot.TOKEN, Effect.NONE, true,
                (world, variant) -> post("introspect", "/o/introspect/", "token",
                        altered(TokenSlot.TOKEN.alterations(world, variant), variant))
                    .header("Authorization", basic(BACKEND, BACKEND_SECRET))));
        all.add(target("introspect", "real token", TokenSlot.TOKEN, Effect.NONE, true,
                (world, variant) -> post("introspect", "/o/introspect/", "token", world.spaAccessToken,
                        "token_type_hint", "access_token")
                    .header("Authorization", basic(BACKEND, BACKEND_SECRET))));
    }

    private static void openIdConnect(List<Target> all) {
        all.add(target("userinfo", "GET", TokenSlot.BEARER, Effect.NONE,
                (world, variant) -> new HostileRequest("userinfo", "GET", "/o/userinfo/")
                    .header("Authorization", "Bearer " + world.oidcAccessToken)
                    .header("Accept", "application/json")));
        all.add(target("userinfo", "POST", TokenSlot.BEARER, Effect.NONE,
                (world, variant) -> post("userinfo", "/o/userinfo/", "claims", "{}")
                    .header("Authorization", "Bearer " + world.oidcAccessToken)));
        for (String path : List.of("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server",
                "/.well-known/oauth-protected-resource")) {
            all.add(target("discovery", path, TokenSlot.NONE, Effect.NONE,
                    (world, variant) -> new HostileRequest("discovery", "GET", path).header("Accept", "application/json")));
        }
        all.add(target("jwks", "/o/jwks/", TokenSlot.NONE, Effect.NONE,
                (world, variant) -> new HostileRequest("jwks", "GET", "/o/jwks/").header("Accept", "application/json")));
        for (String method : List.of("GET", "POST")) {
            all.add(target("logout", method, TokenSlot.ID_TOKEN_HINT, Effect.NONE,
                    (world, variant) -> add(new HostileRequest("logout", method, "/o/logout/").header("Accept", "text/html"),
                            "id_token_hint", world.idToken, "post_logout_redirect_uri", OIDC_SPA_LOGOUT_REDIRECT,
                            "state", "fuzz-state", "client_id", OIDC_SPA)));
        }
    }

    private static void pages(List<Target> all) {
        all.add(target("login", "page", TokenSlot.NONE, Effect.NONE,
                (world, variant) -> page("login", "GET", "/login", world.anonymous.cookie()).query("error", "")));
        all.add(target("login", "forged CSRF token", TokenSlot.NONE, Effect.NONE,
                (world, variant) -> page("login", "POST", "/login", world.anonymous.cookie()).form("username", "fuzz-nobody")
                    .form("password", "fuzz-wrong-password")
                    .form("_csrf", forged(world.anonymous.csrf()))));
        all.add(target("consent", "page", TokenSlot.NONE, Effect.NONE,
                (world, variant) -> page("consent", "GET", "/consent", world.alice.cookie()).query("client_id", CONSENT_SPA)
                    .query("scope", "read write")
                    .query("state", "fuzz-consent-state")));
        all.add(target("account", "connected apps", TokenSlot.NONE, Effect.NONE,
                (world, variant) -> page("account", "GET", "/account/apps", world.alice.cookie())));
        all.add(target("account", "revoke an app with no access", TokenSlot.NONE, Effect.WRITES,
                (world, variant) -> page("account", "POST", "/account/apps/fuzz-no-such-app/revoke", world.alice.cookie())
                    .form("_csrf", world.alice.csrf())));
        all.add(target("api", "bearer", TokenSlot.BEARER, Effect.NONE,
                (world, variant) -> new HostileRequest("api", "GET", "/api/test/")
                    .header("Authorization", "Bearer " + world.spaAccessToken)
                    .header("Accept", "application/json")));
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
                "/actuator/env")) {
            all.add(target("actuator", path, TokenSlot.NONE, Effect.NONE,
                    (world, variant) -> new HostileRequest("actuator", "GET", path).header("Accept", "application/json")));
        }
        all.add(target("error and other pages", "/error", TokenSlot.NONE, Effect.NONE,
                (world, variant) -> page("error and other pages", "GET", "/error", null)));
        all.add(target("error and other pages", "/signed-out", TokenSlot.NONE, Effect.NONE,
                (world, variant) -> page("error and other pages", "GET", "/signed-out", null)));
        all.add(target("error and other pages", "home", TokenSlot.NONE, Effect.NONE,
                (world, variant) -> page("error and other pages", "GET", "/", world.alice.cookie())));
        all.add(target("error and other pages", "style sheet", TokenSlot.NONE, Effect.NONE,
                (world, variant) -> page("error and other pages", "GET", "/css/latchkey.css", null)));
    }

    private static void administration(List<Target> all) {
        for (String path : List.of("/admin/", "/admin/applications?q=fuzz", "/admin/applications/new",
                "/admin/applications/" + FuzzWorld.FUZZ_APP, "/admin/users", "/admin/grants?user=" + FuzzWorld.FUZZ_USER,
                "/admin/keys", "/admin/audit")) {
            all.add(target("admin console", path, TokenSlot.NONE, Effect.WRITES,
                    (world, variant) -> consolePage("GET", path, world)));
        }
        all.add(target("admin console", "user profile page", TokenSlot.NONE, Effect.WRITES,
                (world, variant) -> consolePage("GET", "/admin/users/" + world.fuzzUserId + "/profile", world)));
        all.add(target("admin console", "create application", TokenSlot.NONE, Effect.WRITES,
                (world, variant) -> applicationForm(consolePage("POST", "/admin/applications/new", world)
                    .form("clientId", "fuzz-console-app"), world)));
        all.add(target("admin console", "update application", TokenSlot.NONE, Effect.WRITES,
                (world, variant) -> applicationForm(consolePage("POST", "/admin/applications/" + FuzzWorld.FUZZ_APP, world),
                        world)));
        all.add(target("admin console", "create user", TokenSlot.NONE, Effect.WRITES,
                (world, variant) -> consolePage("POST", "/admin/users", world).form("username", "fuzz-console-user")
                    .form("password", "fuzz-console-password-1")
                    .form("name", "Fuzz")
                    .form("email", "fuzz@example.com")
                    .form("_csrf", world.admin.csrf())));
        all.add(target("admin console", "update profile", TokenSlot.NONE, Effect.WRITES,
                (world, variant) -> consolePage("POST", "/admin/users/" + world.fuzzUserId + "/profile", world)
                    .form("name", "Fuzz User")
                    .form("email", "fuzz-user@example.com")
                    .form("emailVerified", "true")
                    .form("_csrf", world.admin.csrf())));
        for (String path : List.of("/admin/api/applications?q=fuzz", "/admin/api/applications/" + FuzzWorld.FUZZ_APP,
                "/admin/api/users", "/admin/api/grants?user=" + FuzzWorld.FUZZ_USER, "/admin/api/keys",
                "/admin/api/audit-events?limit=5&category=change", "/admin/api/openapi.json")) {
            all.add(target("management API", path, TokenSlot.BEARER, Effect.WRITES,
                    (world, variant) -> api("GET", path, world)));
        }
        all.add(target("management API", "create application", TokenSlot.BEARER, Effect.WRITES,
                (world, variant) -> api("POST", "/admin/api/applications", world).json(applicationJson("fuzz-api-app"))));
        all.add(target("management API", "replace application", TokenSlot.BEARER, Effect.WRITES,
                (world, variant) -> api("PUT", "/admin/api/applications/" + FuzzWorld.FUZZ_APP, world)
                    .json(applicationJson(FuzzWorld.FUZZ_APP))));
        all.add(target("management API", "delete a missing application", TokenSlot.BEARER, Effect.WRITES,
                (world, variant) -> api("DELETE", "/admin/api/applications/fuzz-no-such-app", world)));
        all.add(target("management API", "create user", TokenSlot.BEARER, Effect.WRITES,
                (world, variant) -> api("POST", "/admin/api/users", world)
                    .json("{\"username\":\"fuzz-api-user\",\"password\":\"fuzz-api-password-1\",\"name\":\"Fuzz\","
                            + "\"email\":\"fuzz@example.com\",\"email_verified\":false,\"admin\":false}")));
        all.add(target("management API", "change user", TokenSlot.BEARER, Effect.WRITES,
                (world, variant) -> api("PATCH", "/admin/api/users/" + world.fuzzUserId, world)
                    .json("{\"name\":\"Fuzz User\",\"email\":\"fuzz-user@example.com\",\"email_verified\":true}")));
        all.add(target("management API", "revoke the fuzz user's grants", TokenSlot.BEARER, Effect.WRITES,
                (world, variant) -> api("DELETE", "/admin/api/grants?user=" + FuzzWorld.FUZZ_USER, world)));
    }

    private static HostileRequest consolePage(String method, String pathAndQuery, FuzzWorld world) {
        return split(page("admin console", method, pathAndQuery, world.admin.cookie()), pathAndQuery);
    }

    private static HostileRequest api(String method, String pathAndQuery, FuzzWorld world) {
        return split(new HostileRequest("management API", method, pathAndQuery), pathAndQuery)
            .header("Authorization", "Bearer " + world.robotToken)
            .header("Accept", "application/json");
    }

    /** Moves a query written in the path into the request's parameters, where mutations find it. */
    private static HostileRequest split(HostileRequest request, String pathAndQuery) {
        int question = pathAndQuery.indexOf('?');
        if (question >= 0) {
            request.path = pathAndQuery.substring(0, question);
            for (String pair : pathAndQuery.substring(question + 1).split("&")) {
                String[] nameValue = pair.split("=", 2);
                request.query(nameValue[0], nameValue[1]);
            }
        }
        return request;
    }

    private static HostileRequest applicationForm(HostileRequest request, FuzzWorld world) {
        return request.form("name", "Fuzz console application")
            .form("type", "public")
            .form("grantTypes", "authorization_code")
            .form("redirectUris", "https://fuzz.example/cb")
            .form("scopes", "read")
            .form("accessTokenSeconds", "300")
            .form("refreshTokenSeconds", "86400")
            .form("authorizationCodeSeconds", "60")
            .form("_csrf", world.admin.csrf());
    }

    private static String applicationJson(String clientId) {
        return "{\"client_id\":\"" + clientId + "\",\"client_name\":\"Fuzz\",\"token_endpoint_auth_method\":\"none\","
                + "\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"redirect_uris\":[\"https://fuzz.example/cb\"],"
                + "\"post_logout_redirect_uris\":[\"https://fuzz.example/bye\"],\"scope\":\"read write\","
                + "\"allowed_origins\":[\"https://fuzz.example\"],\"skip_authorization\":false,\"allow_plain_pkce\":false,"
                + "\"access_token_time_to_live\":300,\"refresh_token_time_to_live\":86400,"
                + "\"authorization_code_time_to_live\":60,\"id_token_signed_response_alg\":\"RS256\"}";
    }

    private static HostileRequest page(String group, String method, String path, String cookie) {
        HostileRequest request = new HostileRequest(group, method, path).header("Accept", "text/html");
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return request;
    }

    private static HostileRequest post(String group, String path, String... parameters) {
        return add(new HostileRequest(group, "POST", path).header("Accept", "application/json"), parameters);
    }

    /** Adds the parameters to the query of a GET, to the form of anything else. */
    private static HostileRequest add(HostileRequest request, String... parameters) {
        for (int i = 0; i < parameters.length; i += 2) {
            if (request.method.equals("GET")) {
                request.query(parameters[i], parameters[i + 1]);
            }
            else {
                request.form(parameters[i], parameters[i + 1]);
            }
        }
        return request;
    }

    private static String altered(List<String> alterations, int variant) {
        return alterations.get(Math.floorMod(variant, alterations.size()));
    }

    private static String forged(String csrf) {
        return csrf.substring(0, csrf.length() - 2) + (csrf.endsWith("AA") ? "BB" : "AA");
    }

    private static String basic(String clientId, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static Target target(String group, String name, TokenSlot token, Effect effect,
            BiFunction<FuzzWorld, Integer, HostileRequest> baseline) {
        return target(group, name, token, effect, false, baseline);
    }

    private static Target target(String group, String name, TokenSlot token, Effect effect, boolean secretHeader,
            BiFunction<FuzzWorld, Integer, HostileRequest> baseline) {
        return new Target(group, name, baseline, token, secretHeader, effect);
    }
}
