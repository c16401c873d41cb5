package dev.latchkey.protocol.token;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

import dev.latchkey.authorization.FoundGrant;
import dev.latchkey.authorization.GrantAuthorizationService;
import dev.latchkey.authorization.GrantRevokedEvent.Cause;
import dev.latchkey.protocol.errors.OAuth2Errors;
import dev.latchkey.protocol.pkce.Pkce;

/**
 * Redeems an authorization code (RFC 6749 §4.1.3). The grant is looked up once, by the code; Latchkey's rules
 * are checked on it in order, each refusal naming the rule that failed and the fix; then Spring's provider
 * issues the tokens for that very grant, and they are stored only if the code is still unused, which the
 * database decides. A code used twice is refused and everything it issued is revoked (RFC 6749 §4.1.2,
 * RFC 9700 §4.2.4), also when the second redemption read the grant before the first one was stored.
 * <p>
 * PKCE is verified here (RFC 7636 §4.6), on the grant already found, rather than during client authentication,
 * where Spring would look the code up a second time ({@link SecretCheckingClientAuthenticationProvider}).
 */
public final class AuthorizationCodeGrantProvider implements AuthenticationProvider {

    static final String ALREADY_USED = "code has already been used: codes are single-use, and the tokens issued with "
            + "it have been revoked. Start a new authorization request";

    private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

    private final GrantAuthorizationService grants;

    private final OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator;

    public AuthorizationCodeGrantProvider(GrantAuthorizationService grants,
            OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator) {
        this.grants = grants;
        this.tokenGenerator = tokenGenerator;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        OAuth2AuthorizationCodeAuthenticationToken redemption = (OAuth2AuthorizationCodeAuthenticationToken) authentication;
        String code = redemption.getCode();
        OAuth2Authorization grant = null;
        RegisteredClient client = ClientOf.registeredClient(redemption);
        if (client != null) {
            grant = grants.findByToken(code, CODE);
            check(grant, redemption, client);
        }
        FoundGrant found = new FoundGrant(grant, code, (handedOver, issued) -> store(code, handedOver, issued), null);
        return new OAuth2AuthorizationCodeAuthenticationProvider(found, tokenGenerator).authenticate(redemption);
    }

    /** The redemption's last step: what Spring issued is stored if the code is still unused, else the family dies. */
    void store(String code, OAuth2Authorization grant, OAuth2Authorization issued) {
        if (!grants.redeem(code, grant, issued)) {
            grants.revoke(grant, Cause.CODE_REPLAY, "an authorization code was redeemed twice");
            throw OAuth2Errors.invalidGrant(ALREADY_USED);
        }
    }

    /** The rules of a redemption, in the order a client developer would fix them. */
    private void check(OAuth2Authorization grant, OAuth2AuthorizationCodeAuthenticationToken redemption,
            RegisteredClient client) {
        if (grant == null) {
            throw OAuth2Errors.invalidGrant("code is unknown: it was never issued, has been cleaned up after expiring, "
                    + "or its application was deleted. Start a new authorization request");
        }
        OAuth2Authorization.Token<OAuth2AuthorizationCode> code = grant.getToken(OAuth2AuthorizationCode.class);
        OAuth2AuthorizationRequest request = grant.getAttribute(OAuth2AuthorizationRequest.class.getName());
        if (!client.getId().equals(grant.getRegisteredClientId())) {
            // Whoever presents another client's code may have stolen it: nobody may redeem it now.
            grants.invalidateCode(redemption.getCode());
            throw OAuth2Errors.invalidGrant("code was issued to another client: it can only be redeemed by the client_id "
                    + "that requested it");
        }
        if (request.getRedirectUri() != null && !request.getRedirectUri().equals(redemption.getRedirectUri())) {
            throw OAuth2Errors.invalidGrant("redirect_uri must be identical to the one sent to the authorization "
                    + "endpoint (RFC 6749 section 4.1.3)");
        }
        if (code.isInvalidated()) {
            refuseUsedCode(grant);
        }
        if (code.isExpired()) {
            throw OAuth2Errors.invalidGrant("code has expired: redeem it right after the redirect. Start a new "
                    + "authorization request");
        }
        checkProofKey(request, client, (String) redemption.getAdditionalParameters().get(PkceParameterNames.CODE_VERIFIER));
    }

    private void refuseUsedCode(OAuth2Authorization grant) {
        if (grant.getAccessToken() != null) {
            grants.revoke(grant, Cause.CODE_REPLAY, "an authorization code was redeemed twice");
            throw OAuth2Errors.invalidGrant(ALREADY_USED);
        }
        throw OAuth2Errors.invalidGrant("code can no longer be used: another client presented it, so it was "
                + "invalidated, or its grant was revoked. Start a new authorization request");
    }

    /** RFC 7636 §4.6, and RFC 9700 §4.8.2: a verifier for a code issued without a challenge is a downgrade. */
    private static void checkProofKey(OAuth2AuthorizationRequest request, RegisteredClient client, String verifier) {
        String challenge = (String) request.getAdditionalParameters().get(PkceParameterNames.CODE_CHALLENGE);
        if (challenge == null) {
            if (verifier != null && !verifier.isEmpty()) {
                throw OAuth2Errors.invalidGrant("code_verifier was sent, but this code was issued without a "
                        + "code_challenge: a verifier cannot be added after the authorization request (PKCE downgrade, "
                        + "RFC 9700 section 4.8.2)");
            }
            if (client.getClientSettings().isRequireProofKey()) {
                throw OAuth2Errors.invalidGrant("code_challenge is required for this application, and this code was "
                        + "issued without one");
            }
            return;
        }
        String problem = Pkce.verifierProblem(verifier);
        if (problem != null) {
            throw OAuth2Errors.invalidGrant(problem);
        }
        String method = (String) request.getAdditionalParameters().get(PkceParameterNames.CODE_CHALLENGE_METHOD);
        if (!Pkce.verifies(verifier, challenge, method)) {
            throw OAuth2Errors.invalidGrant("code_verifier does not match the code_challenge of the authorization "
                    + "request (RFC 7636 section 4.6): send the verifier the challenge was made from");
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2AuthorizationCodeAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
