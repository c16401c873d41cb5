package dev.latchkey.admin.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.latchkey.client.Application;
import dev.latchkey.client.ClientType;
import dev.latchkey.client.FieldProblem;
import dev.latchkey.settings.TokenSettings;

/**
 * The application form as posted: text as typed, so that a bad number or list is reported on its field
 * instead of failing the binding. Lists are one item per line (redirect URIs, origins) or space-separated
 * (scopes). Field names of {@link FieldProblem}s are those of {@code ApplicationValidator}.
 */
public class ApplicationForm {

    private String clientId = "";

    private String name = "";

    private String type = "public";

    private List<String> grantTypes = new ArrayList<>(List.of("authorization_code", "refresh_token"));

    private String redirectUris = "";

    private String allowedOrigins = "";

    private String scopes = "";

    private boolean skipAuthorization;

    private boolean allowPlainPkce;

    private boolean requireDPoP;

    private boolean requirePushedRequests;

    private String postLogoutRedirectUris = "";

    private String idTokenSigningAlgorithm = "RS256";

    /** {@link #accessTokenChoice(Application)}: empty for the server's default. */
    private String accessToken = "";

    private String accessTokenSeconds = "";

    private String refreshTokenSeconds = "";

    private String authorizationCodeSeconds = "";

    static ApplicationForm withDefaults(TokenSettings defaults) {
        ApplicationForm form = new ApplicationForm();
        form.accessTokenSeconds = String.valueOf(defaults.accessTokenTimeToLive().toSeconds());
        form.refreshTokenSeconds = String.valueOf(defaults.refreshTokenTimeToLive().toSeconds());
        form.authorizationCodeSeconds = String.valueOf(defaults.authorizationCodeTimeToLive().toSeconds());
        return form;
    }

    static ApplicationForm of(Application app) {
        ApplicationForm form = new ApplicationForm();
        form.clientId = app.clientId();
        form.name = app.name();
        form.type = app.type().value();
        form.grantTypes = new ArrayList<>(app.grantTypes());
        form.redirectUris = String.join("\n", app.redirectUris());
        form.allowedOrigins = String.join("\n", app.allowedOrigins());
        form.scopes = String.join(" ", app.scopes());
        form.skipAuthorization = app.skipAuthorization();
        form.allowPlainPkce = app.allowPlainPkce();
        form.requireDPoP = app.requireDPoP();
        form.requirePushedRequests = app.requirePushedRequests();
        form.postLogoutRedirectUris = String.join("\n", app.postLogoutRedirectUris());
        form.idTokenSigningAlgorithm = app.idTokenSigningAlgorithm();
        form.accessToken = accessTokenChoice(app);
        form.accessTokenSeconds = String.valueOf(app.accessTokenTimeToLive().toSeconds());
        form.refreshTokenSeconds = String.valueOf(app.refreshTokenTimeToLive().toSeconds());
        form.authorizationCodeSeconds = String.valueOf(app.authorizationCodeTimeToLive().toSeconds());
        return form;
    }

    /** The application this form describes; fields that cannot even be read are added to {@code problems}. */
    Application toApplication(List<FieldProblem> problems) {
        ClientType clientType = "confidential".equals(type) ? ClientType.CONFIDENTIAL : ClientType.PUBLIC;
        Set<String> scopeSet = new LinkedHashSet<>(Arrays.asList(scopes.strip().split("\\s+")));
        scopeSet.remove("");
        String choice = accessToken == null ? "" : accessToken.strip();
        int colon = choice.indexOf(':');
        String format = choice.isEmpty() ? null : colon < 0 ? choice : choice.substring(0, colon);
        String algorithm = colon < 0 ? null : choice.substring(colon + 1);
        return new Application(clientId.strip(), name.strip(), clientType, null, null,
                new LinkedHashSet<>(grantTypes == null ? List.of() : grantTypes), lines(redirectUris), scopeSet,
                lines(allowedOrigins), skipAuthorization, allowPlainPkce,
                seconds("access_token_time_to_live", accessTokenSeconds, problems),
                seconds("refresh_token_time_to_live", refreshTokenSeconds, problems),
                seconds("authorization_code_time_to_live", authorizationCodeSeconds, problems),
                lines(postLogoutRedirectUris), idTokenSigningAlgorithm, requireDPoP, requirePushedRequests, format,
                algorithm);
    }

    /**
     * The access-token choice as one select value: empty (the server's default), {@code reference}, {@code jwt}
     * (the server's default algorithm) or {@code jwt:ES256}, {@code jwt:RS256}.
     */
    static String accessTokenChoice(Application app) {
        if (app.accessTokenFormat() == null) {
            return "";
        }
        return app.accessTokenSigningAlgorithm() == null ? app.accessTokenFormat()
                : app.accessTokenFormat() + ":" + app.accessTokenSigningAlgorithm();
    }

    private static List<String> lines(String text) {
        return text == null ? List.of() : text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static Duration seconds(String field, String text, List<FieldProblem> problems) {
        try {
            return Duration.ofSeconds(Long.parseLong(text.strip()));
        }
        catch (NumberFormatException | NullPointerException ex) {
            problems.add(new FieldProblem(field, "must be a whole number of seconds"));
            return Duration.ofSeconds(1);
        }
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId == null ? "" : clientId;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name == null ? "" : name;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public List<String> getGrantTypes() {
        return grantTypes;
    }

    public void setGrantTypes(List<String> grantTypes) {
        this.grantTypes = grantTypes == null ? new ArrayList<>() : grantTypes;
    }

    public String getRedirectUris() {
        return redirectUris;
    }

    public void setRedirectUris(String redirectUris) {
        this.redirectUris = redirectUris;
    }

    public String getAllowedOrigins() {
        return allowedOrigins;
    }

    public void setAllowedOrigins(String allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    public String getScopes() {
        return scopes;
    }

    public void setScopes(String scopes) {
        this.scopes = scopes == null ? "" : scopes;
    }

    public boolean isSkipAuthorization() {
        return skipAuthorization;
    }

    public void setSkipAuthorization(boolean skipAuthorization) {
        this.skipAuthorization = skipAuthorization;
    }

    public boolean isAllowPlainPkce() {
        return allowPlainPkce;
    }

    public void setAllowPlainPkce(boolean allowPlainPkce) {
        this.allowPlainPkce = allowPlainPkce;
    }

    public boolean isRequireDPoP() {
        return requireDPoP;
    }

    public void setRequireDPoP(boolean requireDPoP) {
        this.requireDPoP = requireDPoP;
    }

    public boolean isRequirePushedRequests() {
        return requirePushedRequests;
    }

    public void setRequirePushedRequests(boolean requirePushedRequests) {
        this.requirePushedRequests = requirePushedRequests;
    }

    public String getPostLogoutRedirectUris() {
        return postLogoutRedirectUris;
    }

    public void setPostLogoutRedirectUris(String postLogoutRedirectUris) {
        this.postLogoutRedirectUris = postLogoutRedirectUris;
    }

    public String getIdTokenSigningAlgorithm() {
        return idTokenSigningAlgorithm;
    }

    public void setIdTokenSigningAlgorithm(String idTokenSigningAlgorithm) {
        this.idTokenSigningAlgorithm = idTokenSigningAlgorithm;
    }

    public String getAccessToken() {
        return accessToken;
    }

    public void setAccessToken(String accessToken) {
        this.accessToken = accessToken;
    }

    public String getAccessTokenSeconds() {
        return accessTokenSeconds;
    }

    public void setAccessTokenSeconds(String accessTokenSeconds) {
        this.accessTokenSeconds = accessTokenSeconds;
    }

    public String getRefreshTokenSeconds() {
        return refreshTokenSeconds;
    }

    public void setRefreshTokenSeconds(String refreshTokenSeconds) {
        this.refreshTokenSeconds = refreshTokenSeconds;
    }

    public String getAuthorizationCodeSeconds() {
        return authorizationCodeSeconds;
    }

    public void setAuthorizationCodeSeconds(String authorizationCodeSeconds) {
        this.authorizationCodeSeconds = authorizationCodeSeconds;
    }
}
