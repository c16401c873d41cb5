package dev.latchkey.protocol.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

import dev.latchkey.authorization.GrantAuthorizationService;
import dev.latchkey.user.SignInDetails;
import dev.latchkey.user.UserAccount;
import dev.latchkey.user.UserService;

/**
 * Completes Spring's ID tokens (OpenID Connect Core §2, §3.1.3.6): {@code sub} is the user's stable id,
 * not the username, the same as in the grant's access tokens and introspection; {@code auth_time} and {@code sid} come from the sign-in the grant was made in, in every
 * ID token of the grant; {@code at_hash} binds the access token issued alongside; and the user claims the
 * granted scopes allow ({@link ScopeClaims}). Spring adds iss, aud, azp, exp, iat and the nonce.
 */
public final class IdTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private final UserService users;

    public IdTokenCustomizer(UserService users) {
        this.users = users;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        if (!OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
            return;
        }
        String subject = GrantAuthorizationService.subjectOf(context.getAuthorization());
        UserAccount user = (subject != null ? users.findById(subject) : users.find(context.getPrincipal().getName()))
            .orElseThrow(() -> new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
                    "The user of this grant no longer exists: sign in again", null)));
        context.getClaims().subject(user.id());
        SignInDetails signIn = SignInDetails.of(context.getPrincipal());
        if (signIn != null) {
            context.getClaims().claim(IdTokenClaimNames.AUTH_TIME, Date.from(signIn.authenticatedAt()));
            context.getClaims().claim("sid", signIn.sessionId());
        }
        OAuth2Authorization authorization = context.getAuthorization();
        OAuth2Authorization.Token<OAuth2AccessToken> accessToken = authorization == null ? null
                : authorization.getAccessToken();
        if (accessToken != null) {
            context.getClaims().claim(IdTokenClaimNames.AT_HASH, leftHalfHash(accessToken.getToken().getTokenValue()));
        }
        ScopeClaims.of(user, context.getAuthorizedScopes()).forEach(context.getClaims()::claim);
    }

    /**
     * {@code at_hash} (Core §3.1.3.6): base64url of the left half of the hash of the token's ASCII octets.
     * RS256 and ES256, the only ID token algorithms offered, both use SHA-256.
     */
    static String leftHalfHash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, digest.length / 2));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
