package dev.latchkey.protocol;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;

/**
 * Wraps Spring's authorization code grant provider so that its bare {@code invalid_grant} refusals
 * (unknown, reused, expired code; another client's code; a different redirect_uri) say which rule failed.
 */
public final class DescribedAuthorizationCodeProvider implements AuthenticationProvider {

    private final AuthenticationProvider delegate;

    private final AuthorizationCodeDiagnosis diagnosis;

    public DescribedAuthorizationCodeProvider(AuthenticationProvider delegate, AuthorizationCodeDiagnosis diagnosis) {
        this.delegate = delegate;
        this.diagnosis = diagnosis;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        try {
            return delegate.authenticate(authentication);
        }
        catch (OAuth2AuthenticationException ex) {
            String description = ex.getError().getDescription();
            if (!OAuth2ErrorCodes.INVALID_GRANT.equals(ex.getError().getErrorCode())
                    || (description != null && !description.isEmpty())) {
                throw ex;
            }
            OAuth2AuthorizationCodeAuthenticationToken grant = (OAuth2AuthorizationCodeAuthenticationToken) authentication;
            String clientId = grant.getPrincipal() instanceof OAuth2ClientAuthenticationToken client
                    && client.getRegisteredClient() != null ? client.getRegisteredClient().getClientId() : null;
            Object verifier = grant.getAdditionalParameters().get(PkceParameterNames.CODE_VERIFIER);
            throw OAuth2Errors.invalidGrant(diagnosis.describe(grant.getCode(), clientId, grant.getRedirectUri(),
                    verifier == null ? null : verifier.toString()));
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }
}
