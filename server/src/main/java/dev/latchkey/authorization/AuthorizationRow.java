package dev.latchkey.authorization;

import java.security.Principal;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;

import dev.latchkey.user.SignInDetails;

/** The columns of one {@code oauth_authorization} row, derived from an {@link OAuth2Authorization}. */
record AuthorizationRow(
        String id,
        String clientId,
        String principalName,
        String grantType,
        String requestedScopes,
        String authorizedScopes,
        String redirectUri,
        String clientState,
        String codeChallenge,
        String codeChallengeMethod,
        String nonce,
        String consentStateHash,
        String codeHash,
        Instant codeIssuedAt,
        Instant codeExpiresAt,
        boolean codeConsumed,
        String accessTokenHash,
        Instant accessTokenIssuedAt,
        Instant accessTokenExpiresAt,
        String accessTokenScopes,
        String refreshTokenHash,
        Instant refreshTokenIssuedAt,
        Instant refreshTokenExpiresAt,
        boolean revoked,
        Instant expiresAt,
        String idTokenHash,
        Instant idTokenIssuedAt,
        Instant idTokenExpiresAt,
        String subject,
        Instant authTime,
        String sessionId) {

    static AuthorizationRow of(OAuth2Authorization authorization) {
        OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
        OAuth2Authorization.Token<OAuth2AuthorizationCode> code = authorization.getToken(OAuth2AuthorizationCode.class);
        OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
        OAuth2Authorization.Token<OAuth2RefreshToken> refresh = authorization.getRefreshToken();
        OAuth2Authorization.Token<OidcIdToken> idToken = authorization.getToken(OidcIdToken.class);
        SignInDetails signIn = SignInDetails.of(authorization.getAttribute(PRINCIPAL_ATTRIBUTE));
        String consentState = authorization.getAttribute(OAuth2ParameterNames.STATE);
        boolean revoked = (access != null && access.isInvalidated()) || (refresh != null && refresh.isInvalidated());
        Instant expiresAt = Stream.of(code, access, refresh)
            .filter(token -> token != null && token.getToken().getExpiresAt() != null)
            .map(token -> token.getToken().getExpiresAt())
            .max(Instant::compareTo)
            // A grant waiting for consent has no token yet; it may wait as long as a consent page is open.
            .orElse(Instant.now().plusSeconds(3600));
        return new AuthorizationRow(authorization.getId(), authorization.getRegisteredClientId(),
                authorization.getPrincipalName(), authorization.getAuthorizationGrantType().getValue(),
                request == null ? "" : join(request.getScopes()), join(authorization.getAuthorizedScopes()),
                request == null ? null : request.getRedirectUri(), request == null ? null : request.getState(),
                request == null ? null : (String) request.getAdditionalParameters().get(PkceParameterNames.CODE_CHALLENGE),
                request == null ? null
                        : (String) request.getAdditionalParameters().get(PkceParameterNames.CODE_CHALLENGE_METHOD),
                request == null ? null : (String) request.getAdditionalParameters().get(OidcParameterNames.NONCE),
                StoredTokens.hash(consentState),
                code == null ? null : StoredTokens.hash(code.getToken().getTokenValue()),
                code == null ? null : code.getToken().getIssuedAt(), code == null ? null : code.getToken().getExpiresAt(),
                code != null && code.isInvalidated(),
                access == null ? null : StoredTokens.hash(access.getToken().getTokenValue()),
                access == null ? null : access.getToken().getIssuedAt(),
                access == null ? null : access.getToken().getExpiresAt(),
                access == null ? null : join(access.getToken().getScopes()),
                refresh == null ? null : StoredTokens.hash(refresh.getToken().getTokenValue()),
                refresh == null ? null : refresh.getToken().getIssuedAt(),
                refresh == null ? null : refresh.getToken().getExpiresAt(), revoked, expiresAt,
                idToken == null ? null : StoredTokens.hash(idToken.getToken().getTokenValue()),
                idToken == null ? null : idToken.getToken().getIssuedAt(),
                idToken == null ? null : idToken.getToken().getExpiresAt(),
                idToken == null ? null : idToken.getToken().getSubject(),
                signIn == null ? null : signIn.authenticatedAt(), signIn == null ? null : signIn.sessionId());
    }

    static String join(Set<String> values) {
        return values == null ? "" : String.join(" ", values);
    }

    static Set<String> split(String value) {
        return value == null || value.isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(value.trim().split(" +")));
    }

    static final String PRINCIPAL_ATTRIBUTE = Principal.class.getName();
}
