package dev.latchkey.protocol;

import java.util.function.Function;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * Wraps one of Spring's grant providers, whose {@code invalid_grant} refusals carry no description, so
 * that each says which rule failed. Only the (rare) refusal path pays for the explanation; refusals that
 * already explain themselves pass through.
 */
public final class DescribedGrantRefusals implements AuthenticationProvider {

    private final AuthenticationProvider delegate;

    private final Function<Authentication, String> describer;

    /** @param describer explains the refused grant request (it may look the grant up again) */
    public DescribedGrantRefusals(AuthenticationProvider delegate, Function<Authentication, String> describer) {
        this.delegate = delegate;
        this.describer = describer;
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
            throw OAuth2Errors.invalidGrant(describer.apply(authentication));
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }
}
