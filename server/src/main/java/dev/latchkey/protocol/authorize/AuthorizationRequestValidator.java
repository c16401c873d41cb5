package dev.latchkey.protocol.authorize;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import dev.latchkey.client.ApplicationClientRepository;
import dev.latchkey.client.ApplicationValidator;
import dev.latchkey.protocol.errors.OAuth2Errors;
import dev.latchkey.protocol.pkce.Pkce;

/**
 * Checks an authorization request after the client is known: Spring's exact redirect_uri and scope rules,
 * re-described so that the refusal names the problem, then Latchkey's PKCE policy ({@link Pkce}). An
 * unregistered redirect_uri is never redirected to: the error page shows it instead; nor is a {@code state} too
 * long to keep ({@link StateLength}).
 */
public final class AuthorizationRequestValidator implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

    @Override
    public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
        OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
        RegisteredClient client = context.getRegisteredClient();
        String redirectUri = request.getRedirectUri();
        if (redirectUri != null && !redirectUri.isEmpty() && redirectUri.isBlank()) {
            // Spring takes a blank redirect_uri for a missing one, and the grant would keep the blanks.
            throw OAuth2Errors.unredirectedRefusal(OAuth2ErrorCodes.INVALID_REQUEST, "redirect_uri is blank: send a "
                    + "registered redirect URI (RFC 6749 section 3.1.2), or none when the application registers only one");
        }
        try {
            OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_REDIRECT_URI_VALIDATOR.accept(context);
        }
        catch (OAuth2AuthorizationCodeRequestAuthenticationException ex) {
            String uri = request.getRedirectUri();
            throw OAuth2Errors.redescribed(ex, uri == null || uri.isEmpty()
                    ? "redirect_uri is required: application '" + client.getClientId() + "' registers more than one"
                    : "redirect_uri '" + uri + "' is not registered for application '" + client.getClientId()
                            + "': it must match a registered redirect URI exactly (RFC 9700 section 4.1.3)");
        }
        if (StateLength.isTooLong(request.getState())) {
            throw OAuth2Errors.unredirectedRefusal(OAuth2ErrorCodes.INVALID_REQUEST, StateLength.problem(request.getState()));
        }
        if (request.getScopes().contains(ApplicationValidator.ADMIN_SCOPE)) {
            throw OAuth2Errors.redirectedRefusal(request, client, OAuth2ErrorCodes.INVALID_SCOPE, null, "scope "
                    + ApplicationValidator.ADMIN_SCOPE + " is never granted through a user's authorization: only a "
                    + "confidential application obtains it, with the client_credentials grant");
        }
        try {
            OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_SCOPE_VALIDATOR.accept(context);
        }
        catch (OAuth2AuthorizationCodeRequestAuthenticationException ex) {
            throw OAuth2Errors.redescribed(ex, "scope asks for more than application '" + client.getClientId() + "' may have: "
                    + "allowed scopes are '" + String.join(" ", client.getScopes()) + "'");
        }
        validatePkce(request, client);
    }

    private static void validatePkce(OAuth2AuthorizationCodeRequestAuthenticationToken request, RegisteredClient client) {
        Map<String, Object> parameters = request.getAdditionalParameters();
        // Spring refuses a repeated PKCE parameter only when its first value is not empty (RFC 6749 section 3.1).
        for (String name : List.of(PkceParameterNames.CODE_CHALLENGE, PkceParameterNames.CODE_CHALLENGE_METHOD)) {
            if (parameters.get(name) instanceof String[]) {
                throw pkceError(request, client, name + " was sent more than once: send it once");
            }
        }
        String challenge = (String) parameters.get(PkceParameterNames.CODE_CHALLENGE);
        String method = (String) parameters.get(PkceParameterNames.CODE_CHALLENGE_METHOD);
        if (challenge == null || challenge.isEmpty()) {
            if (client.getClientSettings().isRequireProofKey()) {
                throw pkceError(request, client, "code_challenge is required: public applications must use PKCE "
                        + "(RFC 9700 section 2.1.1). Send code_challenge=BASE64URL(SHA256(code_verifier)) and "
                        + "code_challenge_method=S256");
            }
            if (method != null) {
                throw pkceError(request, client, "code_challenge_method was sent without code_challenge");
            }
            return;
        }
        boolean plainAllowed = Boolean.TRUE.equals(client.getClientSettings().getSetting(ApplicationClientRepository.ALLOW_PLAIN_PKCE));
        String problem = Pkce.challengeProblem(challenge, method, plainAllowed);
        if (problem != null) {
            throw pkceError(request, client, problem);
        }
    }

    private static OAuth2AuthorizationCodeRequestAuthenticationException pkceError(
            OAuth2AuthorizationCodeRequestAuthenticationToken request, RegisteredClient client, String description) {
        return OAuth2Errors.redirectedRefusal(request, client, OAuth2ErrorCodes.INVALID_REQUEST, OAuth2Errors.PKCE_ERROR_URI,
                description);
    }
}
