package dev.latchkey.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.latchkey.settings.TokenSettings;

/**
 * The rules every saved application must follow, whichever way it arrives (provisioning, console,
 * management API). Each broken rule is reported against its field with a message that names the fix.
 */
public final class ApplicationValidator {

    public static final Set<String> SUPPORTED_GRANT_TYPES = Set.of("authorization_code", "refresh_token",
            "client_credentials");

    /**
     * The scope of the management API. Only a confidential application may hold it, and only the
     * client_credentials grant can obtain it: no user's authorization can hand it to an application.
     */
    public static final String ADMIN_SCOPE = "latchkey:admin";

    /** RFC 8252 §7.1: a private-use URI scheme is a reverse domain name, e.g. {@code com.example.app}. */
    private static final Pattern PRIVATE_USE_SCHEME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9-]+)+");

    /** RFC 6749 §A.1 allows any visible ASCII; we keep ids safe to put in a URL path unescaped. */
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._~-]{1,100}");

    /**
     * The form of an account id, which is the {@code sub} of a user's tokens. A client_credentials token carries
     * its client_id there, so a client_id of this form could pass for a user at a resource server (RFC 9700 §4.15).
     */
    private static final Pattern ACCOUNT_ID_FORM = Pattern
        .compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** RFC 6749 §3.3 scope-token. */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,100}");

    /** The longest redirect URI: each grant stores the one it was requested with. */
    public static final int MAX_REDIRECT_URI_LENGTH = 1000;

    /** What the stored lists hold, each joined by single spaces as {@link ApplicationRepository} stores it. */
    private static final Map<String, Integer> MAX_JOINED_LENGTHS = Map.of("redirect_uris", 4000,
            "post_logout_redirect_uris", 4000, "scopes", 1000, "allowed_origins", 2000);

    private ApplicationValidator() {
    }

    /**
     * @param providedSecret the clear secret when the caller supplies one (provisioning), else {@code null}
     */
    public static List<FieldProblem> validate(Application app, String providedSecret) {
        List<FieldProblem> problems = new ArrayList<>();
        if (app.clientId() == null || !CLIENT_ID.matcher(app.clientId()).matches()) {
            problems.add(new FieldProblem("client_id",
                    "must be 1 to 100 characters of letters, digits, '.', '_', '~' or '-'"));
        }
        else if (ACCOUNT_ID_FORM.matcher(app.clientId()).matches()) {
            problems.add(new FieldProblem("client_id", "must not have the form of a UUID: users' tokens carry their "
                    + "account id, a UUID, as sub, and an application's own tokens carry its client_id there, so a "
                    + "resource server could take this application for a user (RFC 9700 §4.15)"));
        }
        if (app.name() == null || app.name().isBlank() || app.name().length() > 200
                || app.name().chars().anyMatch(Character::isISOControl)) {
            problems.add(new FieldProblem("name", "must be 1 to 200 characters, without control characters"));
        }
        validateGrantTypes(app, problems);
        validateRedirectUris(app, problems);
        validatePostLogoutRedirectUris(app, problems);
        if (!Application.ID_TOKEN_SIGNING_ALGORITHMS.contains(app.idTokenSigningAlgorithm())) {
            problems.add(new FieldProblem("id_token_signing_algorithm", "'" + app.idTokenSigningAlgorithm()
                    + "' is not offered: use RS256 (OpenID Connect's default) or ES256"));
        }
        validateAccessTokenForm(app, problems);
        for (String scope : app.scopes()) {
            if (!SCOPE_TOKEN.matcher(scope).matches()) {
                problems.add(new FieldProblem("scopes", "'" + scope
                        + "' is not a valid scope: visible ASCII without spaces, quotes or backslashes (RFC 6749 §3.3)"));
            }
        }
        if (app.scopes().contains(ADMIN_SCOPE)
                && (app.isPublic() || !app.grantTypes().contains("client_credentials"))) {
            problems.add(new FieldProblem("scopes", ADMIN_SCOPE + " is only for confidential applications with the "
                    + "client_credentials grant: it is never granted through a user's authorization"));
        }
        for (String origin : app.allowedOrigins()) {
            if (!isOrigin(origin)) {
                problems.add(new FieldProblem("allowed_origins",
                        "'" + origin + "' is not an origin: use scheme://host[:port] with no path, e.g. https://app.example.com"));
            }
        }
        if (app.isPublic() && providedSecret != null && !providedSecret.isEmpty()) {
            problems.add(new FieldProblem("secret", "public applications have no secret: remove it or make the application confidential"));
        }
        if (!app.isPublic() && providedSecret != null && providedSecret.length() < ClientSecrets.MINIMUM_PROVIDED_LENGTH) {
            problems.add(new FieldProblem("secret", "must be at least " + ClientSecrets.MINIMUM_PROVIDED_LENGTH
                    + " characters (a generated one has 43); short secrets can be guessed"));
        }
        validateLifetimes(app, problems);
        validateLengths(app, problems);
        return problems;
    }

    /** Every value fits where it is stored; each refusal names the field and the limit. */
    private static void validateLengths(Application app, List<FieldProblem> problems) {
        checkEach("redirect_uris", app.redirectUris(), problems);
        checkEach("post_logout_redirect_uris", app.postLogoutRedirectUris(), problems);
        checkJoined("redirect_uris", app.redirectUris(), problems);
        checkJoined("post_logout_redirect_uris", app.postLogoutRedirectUris(), problems);
        checkJoined("scopes", app.scopes(), problems);
        checkJoined("allowed_origins", app.allowedOrigins(), problems);
    }

    private static void checkEach(String field, List<String> uris, List<FieldProblem> problems) {
        uris.stream()
            .filter(uri -> uri.length() > MAX_REDIRECT_URI_LENGTH)
            .forEach(uri -> problems.add(new FieldProblem(field, "a URI of " + uri.length() + " characters is too long: "
                    + "each may have at most " + MAX_REDIRECT_URI_LENGTH)));
    }

    private static void checkJoined(String field, Collection<String> values, List<FieldProblem> problems) {
        int length = String.join(" ", values).length();
        int max = MAX_JOINED_LENGTHS.get(field);
        if (length > max) {
            problems.add(new FieldProblem(field, "are " + length + " characters together (with a space between each "
                    + "two): at most " + max + " fit"));
        }
    }

    private static void validateGrantTypes(Application app, List<FieldProblem> problems) {
        if (app.grantTypes().isEmpty()) {
            problems.add(new FieldProblem("grant_types", "name at least one of authorization_code, refresh_token, client_credentials"));
        }
        for (String grant : app.grantTypes()) {
            if (!SUPPORTED_GRANT_TYPES.contains(grant)) {
                problems.add(new FieldProblem("grant_types", "'" + grant
                        + "' is not offered: use authorization_code, refresh_token or client_credentials (implicit and password are not part of OAuth 2.1)"));
            }
        }
        if (app.isPublic() && app.grantTypes().contains("client_credentials")) {
            problems.add(new FieldProblem("grant_types", "client_credentials needs a secret: only confidential applications may use it"));
        }
        if (app.grantTypes().contains("refresh_token") && !app.grantTypes().contains("authorization_code")) {
            problems.add(new FieldProblem("grant_types", "refresh_token is only issued with authorization_code: add it or remove refresh_token"));
        }
    }

    private static void validateRedirectUris(Application app, List<FieldProblem> problems) {
        if (app.grantTypes().contains("authorization_code") && app.redirectUris().isEmpty()) {
            problems.add(new FieldProblem("redirect_uris", "authorization_code needs at least one redirect URI"));
        }
        Set<String> seen = new HashSet<>();
        for (String uri : app.redirectUris()) {
            if (!seen.add(uri)) {
                problems.add(new FieldProblem("redirect_uris", "'" + uri + "' is listed twice"));
                continue;
            }
            String problem = redirectUriProblem(uri);
            if (problem != null) {
                problems.add(new FieldProblem("redirect_uris", "'" + uri + "' " + problem));
            }
        }
    }

    /** OpenID Connect RP-Initiated Logout §3: registered like redirect URIs, compared exactly. */
    private static void validatePostLogoutRedirectUris(Application app, List<FieldProblem> problems) {
        Set<String> seen = new HashSet<>();
        for (String uri : app.postLogoutRedirectUris()) {
            String problem = seen.add(uri) ? redirectUriProblem(uri) : "is listed twice";
            if (problem != null) {
                problems.add(new FieldProblem("post_logout_redirect_uris", "'" + uri + "' " + problem));
            }
        }
    }

    /** RFC 6749 §3.1.2: absolute, no fragment. Compared exactly at the authorize endpoint (RFC 9700 §4.1.3). */
    static String redirectUriProblem(String uri) {
        try {
            URI parsed = new URI(uri);
            if (!parsed.isAbsolute()) {
                return "is not absolute: include the scheme, e.g. https://app.example.com/callback";
            }
            if (parsed.getRawFragment() != null) {
                return "has a fragment (#…): redirect URIs must not (RFC 6749 §3.1.2)";
            }
            return null;
        }
        catch (URISyntaxException ex) {
            return "is not a valid URI: " + ex.getReason();
        }
    }

    /**
     * The stricter rules for redirect URIs that operators register through the console or the management
     * API (RFC 9700 §2.6, RFC 8252 §7): https, plain http only on a loopback host, or a private-use
     * reverse-domain scheme for native apps. URIs the application already has are kept as they are, so an
     * application provisioned with an older rule (the seed's {@code http://my-sexy-spa/}) can still be edited.
     */
    public static List<FieldProblem> redirectUriPolicyProblems(List<String> redirectUris, List<String> alreadyRegistered) {
        return redirectUriPolicyProblems("redirect_uris", redirectUris, alreadyRegistered);
    }

    /** The same policy for another list of URIs the browser is sent to ({@code post_logout_redirect_uris}). */
    public static List<FieldProblem> redirectUriPolicyProblems(String field, List<String> redirectUris,
            List<String> alreadyRegistered) {
        List<FieldProblem> problems = new ArrayList<>();
        for (String uri : redirectUris) {
            if (alreadyRegistered.contains(uri) || redirectUriProblem(uri) != null) {
                continue;
            }
            URI parsed = URI.create(uri);
            String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
            if (scheme.equals("https")) {
                if (parsed.getHost() == null) {
                    problems.add(new FieldProblem(field, "'" + uri + "' has no host: use https://host/path"));
                }
            }
            else if (scheme.equals("http")) {
                if (!isLoopback(parsed.getHost())) {
                    problems.add(new FieldProblem(field, "'" + uri + "' uses http on a host that is not "
                            + "loopback: use https, or http only with 127.0.0.1, [::1] or localhost (RFC 9700 §2.6)"));
                }
            }
            else if (!PRIVATE_USE_SCHEME.matcher(scheme).matches()) {
                problems.add(new FieldProblem(field, "'" + uri + "' uses the scheme '" + scheme + "': use "
                        + "https, loopback http, or a native app's reverse-domain scheme such as com.example.app:/callback "
                        + "(RFC 8252 §7.1)"));
            }
        }
        return problems;
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.equals("127.0.0.1") || host.equals("[::1]") || host.equalsIgnoreCase("localhost"));
    }

    private static boolean isOrigin(String origin) {
        try {
            URI parsed = new URI(origin);
            return parsed.getScheme() != null && parsed.getHost() != null
                    && (parsed.getRawPath() == null || parsed.getRawPath().isEmpty())
                    && parsed.getRawQuery() == null && parsed.getRawFragment() == null && parsed.getUserInfo() == null;
        }
        catch (URISyntaxException ex) {
            return false;
        }
    }

    /** Unset means the server's default; an algorithm only makes sense for a JWT. */
    private static void validateAccessTokenForm(Application app, List<FieldProblem> problems) {
        String format = app.accessTokenFormat();
        if (format != null && !Application.ACCESS_TOKEN_FORMATS.contains(format)) {
            problems.add(new FieldProblem("access_token_format", "'" + format + "' is not offered: use reference "
                    + "(opaque, checked by introspection), jwt (signed, verified offline against the JWKS), or leave "
                    + "it unset for the server's default"));
        }
        String algorithm = app.accessTokenSigningAlgorithm();
        if (algorithm != null && !Application.ACCESS_TOKEN_SIGNING_ALGORITHMS.contains(algorithm)) {
            problems.add(new FieldProblem("access_token_signing_algorithm", "'" + algorithm + "' is not offered: use "
                    + "ES256 (recommended), RS256, or leave it unset for the server's default"));
        }
        else if (algorithm != null && !"jwt".equals(format)) {
            problems.add(new FieldProblem("access_token_signing_algorithm", "applies only to JWT access tokens: set "
                    + "the access token format to jwt, or leave the algorithm unset"));
        }
    }

    private static void validateLifetimes(Application app, List<FieldProblem> problems) {
        if (!TokenSettings.isWithin(app.accessTokenTimeToLive(), TokenSettings.MAX_ACCESS_TOKEN_TIME_TO_LIVE)) {
            problems.add(new FieldProblem("access_token_time_to_live", "must be between 1 second and 24 hours"));
        }
        if (!TokenSettings.isWithin(app.refreshTokenTimeToLive(), TokenSettings.MAX_REFRESH_TOKEN_TIME_TO_LIVE)) {
            problems.add(new FieldProblem("refresh_token_time_to_live", "must be between 1 second and 365 days"));
        }
        if (!TokenSettings.isWithin(app.authorizationCodeTimeToLive(), TokenSettings.MAX_AUTHORIZATION_CODE_TIME_TO_LIVE)) {
            problems.add(new FieldProblem("authorization_code_time_to_live", "must be between 1 and 600 seconds (RFC 6749 §4.1.2: short-lived)"));
        }
    }
}
