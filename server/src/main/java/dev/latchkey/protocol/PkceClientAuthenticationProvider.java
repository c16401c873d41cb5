package dev.latchkey.protocol;

import java.util.Map;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;

/**
 * Wraps one of Spring's client authentication providers, which also verify PKCE for code redemptions
 * (RFC 7636 §4.6). Two things are added: the RFC 7636 §4.1 verifier syntax is enforced (Spring only
 * compares hashes, so the seed's {@code 12345} would pass), and a PKCE refusal names what is wrong.
 * Client authentication keeps its precedence: a bad secret is still {@code invalid_client}.
 */
public final class PkceClientAuthenticationProvider implements AuthenticationProvider {

    private final AuthenticationProvider delegate;

    private final AuthorizationCodeDiagnosis diagnosis;

    public PkceClientAuthenticationProvider(AuthenticationProvider delegate, AuthorizationCodeDiagnosis diagnosis) {
        this.delegate = delegate;
        this.diagnosis = diagnosis;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        OAuth2ClientAuthenticationToken client = (OAuth2ClientAuthenticationToken) authentication;
        Map<String, Object> parameters = client.getAdditionalParameters();
        if (!"authorization_code".equals(parameters.get(OAuth2ParameterNames.GRANT_TYPE))) {
            return delegate.authenticate(authentication);
        }
        Authentication result;
        try {
            result = delegate.authenticate(authentication);
        }
        catch (OAuth2AuthenticationException ex) {
            if (!OAuth2ErrorCodes.INVALID_GRANT.equals(ex.getError().getErrorCode())) {
                throw ex;
            }
            throw OAuth2Errors.invalidGrant(describe(client, parameters));
        }
        Object verifier = parameters.get(PkceParameterNames.CODE_VERIFIER);
        if (result != null && verifier != null) {
            String problem = Pkce.verifierProblem(verifier.toString());
            if (problem != null) {
                throw OAuth2Errors.invalidGrant(problem);
            }
        }
        return result;
    }

    private String describe(OAuth2ClientAuthenticationToken client, Map<String, Object> parameters) {
        Object verifier = parameters.get(PkceParameterNames.CODE_VERIFIER);
        return diagnosis.describe((String) parameters.get(OAuth2ParameterNames.CODE), client.getPrincipal().toString(),
                (String) parameters.get(OAuth2ParameterNames.REDIRECT_URI), verifier == null ? null : verifier.toString());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }
}
