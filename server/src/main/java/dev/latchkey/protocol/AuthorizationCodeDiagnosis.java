package dev.latchkey.protocol;

import java.time.Instant;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Explains why an authorization code was refused at the token endpoint. Spring's providers refuse with a
 * bare {@code invalid_grant}; on that (rare) path we look at the stored grant once more and name the
 * rule that failed, in the order the rules are checked.
 */
@Component
public class AuthorizationCodeDiagnosis {

    private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

    private final OAuth2AuthorizationService authorizations;

    public AuthorizationCodeDiagnosis(OAuth2AuthorizationService authorizations) {
        this.authorizations = authorizations;
    }

    /** The description for a refused redemption request (the token endpoint's authorization_code grant). */
    public String describeRedemption(Authentication authentication) {
        OAuth2AuthorizationCodeAuthenticationToken grant = (OAuth2AuthorizationCodeAuthenticationToken) authentication;
        Object verifier = grant.getAdditionalParameters().get(PkceParameterNames.CODE_VERIFIER);
        return describe(grant.getCode(), ClientOf.clientId(grant.getPrincipal()), grant.getRedirectUri(),
                verifier == null ? null : verifier.toString());
    }

    /** The description for a refused redemption of {@code code} by {@code clientId}. */
    public String describe(String code, String clientId, String redirectUri, String codeVerifier) {
        if (code == null || code.isEmpty()) {
            return "code is required: send the code from the authorization response";
        }
        OAuth2Authorization authorization = authorizations.findByToken(code, CODE);
        if (authorization == null) {
            return "code is unknown: it was never issued, has been cleaned up after expiring, or its application "
                    + "was deleted. Start a new authorization request";
        }
        OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
        OAuth2Authorization.Token<OAuth2AuthorizationCode> stored = authorization.getToken(OAuth2AuthorizationCode.class);
        if (request == null || stored == null) {
            return "code is unknown. Start a new authorization request";
        }
        if (!request.getClientId().equals(clientId)) {
            return "code was issued to another client: it can only be redeemed by the client_id that requested it";
        }
        if (request.getRedirectUri() != null && !request.getRedirectUri().equals(redirectUri)) {
            return "redirect_uri must be identical to the one sent to the authorization endpoint (RFC 6749 §4.1.3)";
        }
        if (stored.isInvalidated()) {
            return authorization.getAccessToken() == null
                    ? "code can no longer be used: another client presented it, so it was invalidated. Start a new "
                            + "authorization request"
                    : "code has already been used: codes are single-use, and the tokens issued with it have been "
                            + "revoked. Start a new authorization request";
        }
        if (stored.getToken().getExpiresAt() != null && stored.getToken().getExpiresAt().isBefore(Instant.now())) {
            return "code has expired: redeem it right after the redirect. Start a new authorization request";
        }
        String challenge = (String) request.getAdditionalParameters().get(PkceParameterNames.CODE_CHALLENGE);
        if (challenge == null) {
            return codeVerifier != null && !codeVerifier.isEmpty()
                    ? "code_verifier was sent, but this code was issued without a code_challenge: a verifier cannot "
                            + "be added after the authorization request (PKCE downgrade, RFC 9700 §4.8.2)"
                    : "code_challenge is required for this application, and this code was issued without one";
        }
        String verifierProblem = Pkce.verifierProblem(codeVerifier);
        if (verifierProblem != null) {
            return verifierProblem;
        }
        return "code_verifier does not match the code_challenge of the authorization request (RFC 7636 §4.6): send "
                + "the verifier the challenge was made from";
    }
}
