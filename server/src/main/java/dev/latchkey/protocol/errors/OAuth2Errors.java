package dev.latchkey.protocol.errors;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Every refusal Latchkey makes is built here: one RFC error code (RFC 6749 §4.1.2.1 and §5.2, RFC 7636 §4.4.1,
 * OpenID Connect Core §3.1.2.6) with a description that names what is wrong and the fix. Only the failure
 * handlers turn them into responses.
 */
public final class OAuth2Errors {

    public static final String PKCE_ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc7636#section-4.4.1";

    static final int MAX_DESCRIPTION_LENGTH = 1000;

    /** RFC 9449 §8: the proof must carry the server's nonce, which the response's {@code DPoP-Nonce} header gives. */
    public static final String USE_DPOP_NONCE = "use_dpop_nonce";

    private OAuth2Errors() {
    }

    public static OAuth2AuthenticationException invalidGrant(String description) {
        return refusal(OAuth2ErrorCodes.INVALID_GRANT, description);
    }

    public static OAuth2AuthenticationException invalidClient(String description) {
        return refusal(OAuth2ErrorCodes.INVALID_CLIENT, description);
    }

    public static OAuth2AuthenticationException invalidRequest(String description) {
        return refusal(OAuth2ErrorCodes.INVALID_REQUEST, description);
    }

    /**
     * RFC 9449 §5 (token endpoint) and §7.1 (resource server): a missing, malformed or misused DPoP proof. Printable
     * already, as a resource server's refusal quotes it in a {@code WWW-Authenticate} header.
     */
    public static OAuth2AuthenticationException invalidDPoPProof(String description) {
        return new OAuth2AuthenticationException(printable(new OAuth2Error(OAuth2ErrorCodes.INVALID_DPOP_PROOF,
                description, null)));
    }

    public static OAuth2AuthenticationException useDPoPNonce(String description) {
        return new OAuth2AuthenticationException(printable(new OAuth2Error(USE_DPOP_NONCE, description, null)));
    }

    /** A client held back by the brute-force guard ({@link TooManyAttemptsException}). */
    public static TooManyAttemptsException tooManyAttempts(String clientId, long retryAfterSeconds) {
        return new TooManyAttemptsException(clientId, retryAfterSeconds);
    }

    public static OAuth2AuthenticationException refusal(String errorCode, String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(errorCode, description, null));
    }

    /**
     * A refused authorization request whose client and redirect URI are trusted, so the error goes back to the
     * client's redirect URI (the one requested, else the only registered one) with the request's state.
     */
    public static OAuth2AuthorizationCodeRequestAuthenticationException redirectedRefusal(
            OAuth2AuthorizationCodeRequestAuthenticationToken request, RegisteredClient client, String errorCode,
            String errorUri, String description) {
        String redirectUri = request.getRedirectUri() != null && !request.getRedirectUri().isEmpty()
                ? request.getRedirectUri() : client.getRedirectUris().iterator().next();
        OAuth2AuthorizationCodeRequestAuthenticationToken result = new OAuth2AuthorizationCodeRequestAuthenticationToken(
                request.getAuthorizationUri(), request.getClientId(), (Authentication) request.getPrincipal(), redirectUri,
                request.getState(), request.getScopes(), request.getAdditionalParameters());
        result.setAuthenticated(true);
        return new OAuth2AuthorizationCodeRequestAuthenticationException(
                new OAuth2Error(errorCode, description, errorUri), result);
    }

    /** The same refusal as {@code ex}, with a description that says what is wrong. */
    public static OAuth2AuthorizationCodeRequestAuthenticationException redescribed(
            OAuth2AuthorizationCodeRequestAuthenticationException ex, String description) {
        return new OAuth2AuthorizationCodeRequestAuthenticationException(
                new OAuth2Error(ex.getError().getErrorCode(), description, ex.getError().getUri()),
                ex.getAuthorizationCodeRequestAuthentication());
    }

    /**
     * The error with a description that holds only the characters RFC 6749 §5.2 allows in
     * {@code error_description} ({@code %x20-21 / %x23-5B / %x5D-7E}): a double quote becomes a single one, a
     * backslash a slash, and anything else outside printable ASCII (from a value the client sent) a question mark.
     * A description that quotes a long value is cut at {@value #MAX_DESCRIPTION_LENGTH} characters, so that an
     * error redirect stays short enough to send.
     */
    public static OAuth2Error printable(OAuth2Error error) {
        String description = error.getDescription();
        if (description == null
                || (description.length() <= MAX_DESCRIPTION_LENGTH && description.chars().allMatch(OAuth2Errors::isAllowed))) {
            return error;
        }
        String shortened = description.length() <= MAX_DESCRIPTION_LENGTH ? description
                : description.substring(0, MAX_DESCRIPTION_LENGTH - 3) + "...";
        StringBuilder printable = new StringBuilder(shortened.length());
        shortened.chars().forEach(c -> printable.append(c == '"' ? '\'' : c == '\\' ? '/' : isAllowed(c) ? (char) c : '?'));
        return new OAuth2Error(error.getErrorCode(), printable.toString(), error.getUri());
    }

    private static boolean isAllowed(int c) {
        return c >= 0x20 && c <= 0x7E && c != '"' && c != '\\';
    }

    /** A refusal shown on an error page: there is no trusted redirect URI to send it to. */
    public static OAuth2AuthorizationCodeRequestAuthenticationException unredirectedRefusal(String errorCode,
            String description) {
        return new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(errorCode, description, null),
                null);
    }
}
