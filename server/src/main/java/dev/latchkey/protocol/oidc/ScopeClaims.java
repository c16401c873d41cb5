package dev.latchkey.protocol.oidc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;

import dev.latchkey.user.UserAccount;

/**
 * The user claims each scope grants (OpenID Connect Core §5.4), the same in ID tokens and at UserInfo:
 * {@code profile} gives name, preferred_username and updated_at; {@code email} gives email and
 * email_verified. Claims the user has no value for are left out, never sent empty.
 */
public final class ScopeClaims {

    /** The scopes Latchkey defines itself; applications may add their own (API) scopes. */
    public static final List<String> SCOPES = List.of(OidcScopes.OPENID, OidcScopes.PROFILE, OidcScopes.EMAIL);

    /** Every user claim Latchkey can issue, for discovery's {@code claims_supported}. */
    public static final List<String> CLAIMS = List.of(StandardClaimNames.SUB, StandardClaimNames.NAME,
            StandardClaimNames.PREFERRED_USERNAME, StandardClaimNames.UPDATED_AT, StandardClaimNames.EMAIL,
            StandardClaimNames.EMAIL_VERIFIED);

    private ScopeClaims() {
    }

    /** The claims of {@code user} granted by {@code scopes}, without {@code sub}. */
    public static Map<String, Object> of(UserAccount user, Set<String> scopes) {
        Map<String, Object> claims = new LinkedHashMap<>();
        if (scopes.contains(OidcScopes.PROFILE)) {
            if (user.name() != null) {
                claims.put(StandardClaimNames.NAME, user.name());
            }
            claims.put(StandardClaimNames.PREFERRED_USERNAME, user.username());
            claims.put(StandardClaimNames.UPDATED_AT, user.updatedAt().getEpochSecond());
        }
        if (scopes.contains(OidcScopes.EMAIL) && user.email() != null) {
            claims.put(StandardClaimNames.EMAIL, user.email());
            claims.put(StandardClaimNames.EMAIL_VERIFIED, user.emailVerified());
        }
        return claims;
    }
}
