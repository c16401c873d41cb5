package dev.latchkey.protocol.errors;

import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * Spring's request parsers refuse with "OAuth 2.0 Parameter: x", or with no description at all. These
 * are the explanations a client developer needs instead; errors that already explain themselves pass
 * through unchanged.
 */
public final class ParameterErrors {

    private static final String SPRING_PREFIX = "OAuth 2.0 Parameter: ";

    /** Spring's terse client refusals, e.g. "Client authentication failed: client_secret". */
    private static final Pattern SPRING_CLIENT_FAILURE = Pattern.compile("Client authentication failed: [a-z_]+");

    /** The grants on offer, as the refusals name them. */
    static final String GRANT_TYPES = "authorization_code, refresh_token or client_credentials";

    private static final Map<String, String> PARAMETERS = Map.ofEntries(
            Map.entry("client_id", "client_id is missing, repeated or unknown: send the application's client_id once"),
            Map.entry("response_type", "response_type must be sent once and be 'code' (the only response type offered)"),
            Map.entry("redirect_uri", "redirect_uri is repeated, malformed or not registered for this application"),
            Map.entry("scope", "scope is repeated, or asks for more than the application may have"),
            Map.entry("state", "state must be sent at most once"),
            Map.entry("code_challenge", "code_challenge must be sent once"),
            Map.entry("code_challenge_method", "code_challenge_method must be sent once, as S256"),
            Map.entry("grant_type", "grant_type must be sent once: " + GRANT_TYPES),
            Map.entry("code", "code must be sent once: the code from the authorization response"),
            Map.entry("code_verifier", "code_verifier must be sent once"),
            Map.entry("refresh_token", "refresh_token must be sent once"),
            Map.entry("token", "token must be sent once: the token to revoke or introspect"),
            Map.entry("token_type_hint", "token_type_hint must be sent at most once: access_token or refresh_token"),
            Map.entry("prompt", "prompt has a value that cannot be combined or is not supported"),
            Map.entry("DPoP", "the DPoP header must be sent at most once: one proof per request (RFC 9449 section 4.3)"),
            Map.entry("request_uri", "request_uri is not accepted here: push the request's parameters themselves"));

    private static final Map<String, String> BY_CODE = Map.of(
            OAuth2ErrorCodes.INVALID_REQUEST,
            "The request is malformed: client_id is missing or repeated, another parameter is repeated, or the "
                    + "Authorization header is not valid HTTP Basic. Send each parameter once: public applications "
                    + "send client_id, confidential ones authenticate with HTTP Basic",
            OAuth2ErrorCodes.INVALID_CLIENT,
            "Client authentication failed: unknown client_id, wrong secret, or an authentication method the "
                    + "application is not registered for (confidential: HTTP Basic or client_secret_post)",
            OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
            "This application is not allowed this grant_type: add it to the application's grant types",
            OAuth2ErrorCodes.UNSUPPORTED_GRANT_TYPE,
            "grant_type is not supported: use " + GRANT_TYPES,
            OAuth2ErrorCodes.INVALID_SCOPE,
            "scope asks for more than the application (or the original grant) allows: request only registered scopes",
            OAuth2ErrorCodes.UNSUPPORTED_RESPONSE_TYPE,
            "response_type is not supported: only 'code' is offered (OAuth 2.1 has no implicit flow)",
            OAuth2ErrorCodes.ACCESS_DENIED, "The user denied the request",
            OAuth2ErrorCodes.INVALID_GRANT,
            "The grant is invalid, expired, revoked or was issued to another client: refresh tokens rotate, so "
                    + "use the newest one; codes are single-use",
            OAuth2ErrorCodes.SERVER_ERROR, "The server could not complete the request",
            OAuth2ErrorCodes.INVALID_DPOP_PROOF,
            "The DPoP proof is invalid: send one new proof per request, signed by the key the tokens are bound to, with "
                    + "this request's htm and htu, a current iat and a unique jti (RFC 9449 section 4.3)");

    /** OpenID Connect's prompt=none refusals (Core §3.1.2.6), which Spring describes as a bad prompt value. */
    private static final Map<String, String> PROMPT_NONE = Map.of(
            "login_required", "prompt=none, but the user is not signed in: send the user without prompt=none to sign in",
            "consent_required", "prompt=none, but the user has not approved every requested scope for this "
                    + "application: send the user without prompt=none to the consent page");

    private ParameterErrors() {
    }

    /** The error with a description that says what is wrong. */
    public static OAuth2Error describe(OAuth2Error error) {
        String description = error.getDescription();
        if (description != null && description.startsWith(SPRING_PREFIX) && PROMPT_NONE.containsKey(error.getErrorCode())) {
            return new OAuth2Error(error.getErrorCode(), PROMPT_NONE.get(error.getErrorCode()), error.getUri());
        }
        if (description != null && description.startsWith(SPRING_PREFIX)) {
            String parameter = description.substring(SPRING_PREFIX.length()).trim();
            return new OAuth2Error(error.getErrorCode(),
                    PARAMETERS.getOrDefault(parameter, parameter + " is missing, repeated or invalid"), error.getUri());
        }
        if (description == null || description.isEmpty() || SPRING_CLIENT_FAILURE.matcher(description).matches()) {
            String fallback = BY_CODE.get(error.getErrorCode());
            if (fallback != null) {
                return new OAuth2Error(error.getErrorCode(), fallback, error.getUri());
            }
        }
        return error;
    }
}
