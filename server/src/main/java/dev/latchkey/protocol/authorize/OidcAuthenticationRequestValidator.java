package dev.latchkey.protocol.authorize;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;

import dev.latchkey.authorization.StoredGrant.AuthorizationRequest;
import dev.latchkey.protocol.errors.OAuth2Errors;
import dev.latchkey.protocol.oidc.IdTokenHints;
import dev.latchkey.protocol.oidc.Prompts;

/**
 * Checks the OpenID Connect parameters of an authorization request (Core §3.1.2.1) once the client and
 * redirect URI are trusted, so refusals go back to the client: each defined parameter at most once,
 * {@code nonce} short enough to keep, {@code max_age} a number of seconds, {@code id_token_hint} an ID token this
 * server issued to this client, {@code response_mode} only {@code query}, and no request objects. Unknown
 * parameters are ignored.
 */
public final class OidcAuthenticationRequestValidator implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

    /** Parameters Spring does not check for repetition (it checks the OAuth ones and prompt). */
    static final List<String> SINGLE_VALUED = List.of(OidcParameterNames.NONCE, "max_age", "login_hint",
            "id_token_hint", "display", "ui_locales", "claims_locales", "acr_values", "response_mode", "request",
            "request_uri", "claims", "registration");

    private final IdTokenHints idTokenHints;

    public OidcAuthenticationRequestValidator(IdTokenHints idTokenHints) {
        this.idTokenHints = idTokenHints;
    }

    @Override
    public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
        OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
        Map<String, Object> parameters = request.getAdditionalParameters();
        for (String name : SINGLE_VALUED) {
            if (parameters.get(name) instanceof String[]) {
                throw refusal(context, OAuth2ErrorCodes.INVALID_REQUEST, name + " was sent more than once: send it once");
            }
        }
        if (parameters.get(OidcParameterNames.NONCE) instanceof String nonce && nonce.length() > AuthorizationRequest.MAX_NONCE_LENGTH) {
            throw refusal(context, OAuth2ErrorCodes.INVALID_REQUEST, "nonce has " + nonce.length() + " characters: at "
                    + "most " + AuthorizationRequest.MAX_NONCE_LENGTH + " are kept. A random value of 128 bits is enough");
        }
        if (parameters.containsKey("request")) {
            throw refusal(context, "request_not_supported", "request objects are not supported: send the parameters "
                    + "in the query");
        }
        if (parameters.containsKey("request_uri")) {
            throw refusal(context, "request_uri_not_supported", "request_uri is not supported: send the parameters "
                    + "in the query");
        }
        Object responseMode = parameters.get("response_mode");
        if (responseMode != null && !"query".equals(responseMode)) {
            throw refusal(context, OAuth2ErrorCodes.INVALID_REQUEST, "response_mode '" + responseMode
                    + "' is not supported: omit it, or send 'query'");
        }
        Object maxAge = parameters.get("max_age");
        if (maxAge != null && Prompts.maxAgeSeconds((String) maxAge) < 0) {
            throw refusal(context, OAuth2ErrorCodes.INVALID_REQUEST, "max_age must be a whole number of seconds, not '"
                    + maxAge + "'");
        }
        Object hint = parameters.get("id_token_hint");
        if (hint != null) {
            Jwt idToken = idTokenHints.read((String) hint);
            if (idToken == null || idToken.getAudience() == null
                    || !idToken.getAudience().contains(context.getRegisteredClient().getClientId())) {
                throw refusal(context, OAuth2ErrorCodes.INVALID_REQUEST, "id_token_hint is not an ID token this server "
                        + "issued to application '" + context.getRegisteredClient().getClientId() + "'");
            }
        }
    }

    static OAuth2AuthorizationCodeRequestAuthenticationException refusal(
            OAuth2AuthorizationCodeRequestAuthenticationContext context, String errorCode, String description) {
        return OAuth2Errors.redirectedRefusal(context.getAuthentication(), context.getRegisteredClient(), errorCode, null,
                description);
    }
}
