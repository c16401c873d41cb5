package dev.latchkey.authorization;

import java.util.Map;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;

/**
 * What a refresh answered (RFC 6749 §5.1): the tokens that succeeded the refresh token it presented.
 *
 * @param idToken {@code null} when the refresh issued none (no {@code openid} scope)
 * @param dpopThumbprint the thumbprint of the DPoP key the access token is bound to (RFC 9449 §6.1), {@code null}
 *     for a bearer token
 */
public record SuccessorTokens(OAuth2AccessToken accessToken, OAuth2RefreshToken refreshToken, String idToken,
        String dpopThumbprint) {

    /** The response's parameters beside the access and refresh token, as Spring's providers return them. */
    public Map<String, Object> additionalParameters() {
        return idToken == null ? Map.of() : Map.of(OidcParameterNames.ID_TOKEN, idToken);
    }
}
