package dev.latchkey.protocol.oidc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;

import dev.latchkey.user.UserAccount;
import dev.latchkey.user.UserService;

/**
 * The UserInfo response (OpenID Connect Core §5.3): {@code sub} exactly as in the grant's ID token, and the
 * current values of the claims the access token's scopes allow ({@link ScopeClaims}).
 */
public final class UserInfoClaimsMapper implements Function<OidcUserInfoAuthenticationContext, OidcUserInfo> {

    private final UserService users;

    public UserInfoClaimsMapper(UserService users) {
        this.users = users;
    }

    @Override
    public OidcUserInfo apply(OidcUserInfoAuthenticationContext context) {
        OidcIdToken idToken = context.getAuthorization().getToken(OidcIdToken.class).getToken();
        UserAccount user = users.findById(idToken.getSubject())
            .orElseThrow(() -> new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                    "The user of this access token no longer exists", null)));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put(StandardClaimNames.SUB, user.id());
        claims.putAll(ScopeClaims.of(user, context.getAccessToken().getScopes()));
        return new OidcUserInfo(claims);
    }
}
