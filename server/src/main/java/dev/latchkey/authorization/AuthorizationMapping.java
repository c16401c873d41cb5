package dev.latchkey.authorization;

import java.security.Principal;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.AbstractOAuth2Token;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2TokenIntrospectionClaimNames;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import dev.latchkey.crypto.Hashes;
import dev.latchkey.user.SignInDetails;
import dev.latchkey.user.SignedInUser;

/**
 * Turns a {@link StoredGrant} into the {@link OAuth2Authorization} Spring's providers read, and what they
 * issue back into what the store keeps.
 * <p>
 * A rebuilt authorization holds every code and token of the grant, because Spring's providers read them:
 * UserInfo requires the ID token, a refresh repeats its {@code sid} and {@code auth_time}, revoking a refresh
 * token invalidates the access token beside it. Only the value a client presented is known in clear; each of
 * the others carries its stored SHA-256 where its value would be. Nothing compares those with a presented value
 * (lookups go by hash) and nothing stores them again: what a request issued is recognised by a value that
 * differs from the grant's as it was handed to Spring ({@link #issuedTokens}).
 */
final class AuthorizationMapping {

    /** How long a grant waiting for the consent page is kept when nothing else gives it a lifetime. */
    private static final long CONSENT_WAIT_SECONDS = 3600;

    /** How long a pushed request's request_uri is accepted: Spring's {@code expires_in} (RFC 9126 §2.2). */
    private static final long PUSHED_REQUEST_SECONDS = 300;

    /** Where an authorization read from the store carries its {@link #subjectOf subject}. */
    static final String SUBJECT_ATTRIBUTE = AuthorizationMapping.class.getName() + ".subject";

    private final String issuer;

    private final String authorizationEndpoint;

    /** A username's account id, for sessions signed in before the id was kept with them. */
    private final Function<String, String> accountIdOfUsername;

    AuthorizationMapping(String issuer, String authorizationEndpoint, Function<String, String> accountIdOfUsername) {
        this.issuer = issuer;
        this.authorizationEndpoint = authorizationEndpoint;
        this.accountIdOfUsername = accountIdOfUsername;
    }

    OAuth2Authorization toAuthorization(StoredGrant grant, RegisteredClient client, TokenKind presented, String value) {
        OAuth2Authorization.Builder builder = OAuth2Authorization.withRegisteredClient(client)
            .id(grant.id())
            .principalName(grant.principalName())
            .authorizationGrantType(new AuthorizationGrantType(grant.grantType()))
            .authorizedScopes(grant.authorizedScopes())
            .attribute(SUBJECT_ATTRIBUTE, subjectOf(grant));
        if (grant.request() != null && !grant.isPushedRequest()) {
            UsernamePasswordAuthenticationToken principal = UsernamePasswordAuthenticationToken
                .authenticated(grant.principalName(), null, AuthorityUtils.createAuthorityList("ROLE_USER"));
            if (grant.signIn() != null) {
                principal.setDetails(new SignInDetails(grant.signIn().sessionId(), grant.signIn().authenticatedAt()));
            }
            builder.attribute(Principal.class.getName(), principal);
        }
        if (grant.request() != null) {
            builder.attribute(OAuth2AuthorizationRequest.class.getName(), authorizationRequest(grant, client));
        }
        boolean revoked = grant.isRevoked();
        if (grant.code() != null) {
            builder.token(new OAuth2AuthorizationCode(valueOf(grant.code(), TokenKind.AUTHORIZATION_CODE, presented, value),
                    grant.code().issuedAt(), grant.code().expiresAt()), metadata(grant.isCodeConsumed() || revoked, null));
        }
        if (grant.accessToken() != null) {
            builder.token(new OAuth2AccessToken(grant.dpopJkt() != null ? OAuth2AccessToken.TokenType.DPOP
                    : OAuth2AccessToken.TokenType.BEARER,
                    valueOf(grant.accessToken(), TokenKind.ACCESS_TOKEN, presented, value), grant.accessToken().issuedAt(),
                    grant.accessToken().expiresAt(), grant.accessTokenScopes()),
                    metadata(revoked, accessTokenClaims(grant, client)));
        }
        if (grant.refreshToken() != null) {
            builder.token(new OAuth2RefreshToken(valueOf(grant.refreshToken(), TokenKind.REFRESH_TOKEN, presented, value),
                    grant.refreshToken().issuedAt(), grant.refreshToken().expiresAt()), metadata(revoked, null));
        }
        if (grant.idToken() != null) {
            OidcIdToken idToken = new OidcIdToken(valueOf(grant.idToken(), TokenKind.ID_TOKEN, presented, value),
                    grant.idToken().issuedAt(), grant.idToken().expiresAt(), idTokenClaims(grant, client));
            builder.token(idToken, metadata(revoked, idToken.getClaims()));
        }
        if (presented == TokenKind.CONSENT_STATE) {
            builder.attribute(OAuth2ParameterNames.STATE, value);
        }
        return builder.build();
    }

    /** A grant Spring has just made (an authorization request, a client_credentials token). */
    StoredGrant toNewGrant(OAuth2Authorization authorization) {
        OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
        OAuth2Authorization.Token<OAuth2AuthorizationCode> code = authorization.getToken(OAuth2AuthorizationCode.class);
        OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
        OAuth2Authorization.Token<OidcIdToken> idToken = authorization.getToken(OidcIdToken.class);
        Authentication principal = authorization.getAttribute(Principal.class.getName());
        SignInDetails signIn = SignInDetails.of(principal);
        String state = authorization.getAttribute(OAuth2ParameterNames.STATE);
        // Spring saves a pushed request (RFC 9126) with its request_uri's one-time part as the state, and no user.
        boolean pushed = state != null && principal == null;
        Instant now = Instant.now();
        Instant expiresAt = pushed ? now.plusSeconds(PUSHED_REQUEST_SECONDS)
                : Stream.of(code, access, authorization.getRefreshToken())
                    .filter(Objects::nonNull)
                    .map(token -> token.getToken().getExpiresAt())
                    .filter(Objects::nonNull)
                    .max(Instant::compareTo)
                    .orElse(now.plusSeconds(CONSENT_WAIT_SECONDS));
        String stateHash = state == null ? null : Hashes.sha256Hex(state);
        return new StoredGrant(authorization.getId(), authorization.getRegisteredClientId(),
                authorization.getPrincipalName(), authorization.getAuthorizationGrantType().getValue(),
                authorization.getAuthorizedScopes(), request == null ? null : authorizationRequest(request, pushed),
                pushed ? null : stateHash, stored(code), null, stored(access),
                access == null ? null : access.getToken().getScopes(), stored(authorization.getRefreshToken()),
                stored(idToken), request == null || pushed ? null : accountId(principal, authorization.getPrincipalName()),
                signIn == null ? null : new StoredGrant.SignIn(signIn.sessionId(), signIn.authenticatedAt()), null, now,
                expiresAt, KeyConfirmation.thumbprintOf(access), pushed ? stateHash : null);
    }

    private String accountId(Authentication principal, String username) {
        String id = SignedInUser.idOf(principal);
        return id != null ? id : accountIdOfUsername.apply(username);
    }

    /** What a redemption or refresh issued: the tokens of {@code saved} not in {@code handedOver}, given to Spring. */
    TokenIssue issuedTokens(OAuth2Authorization saved, OAuth2Authorization handedOver) {
        OAuth2Authorization.Token<OAuth2AccessToken> access = issued(saved, handedOver, OAuth2AccessToken.class);
        OAuth2Authorization.Token<OidcIdToken> idToken = issued(saved, handedOver, OidcIdToken.class);
        if (access == null) {
            throw new IllegalStateException("Grant " + saved.getId() + " was saved without a new access token");
        }
        return new TokenIssue(stored(access), access.getToken().getScopes(),
                stored(issued(saved, handedOver, OAuth2RefreshToken.class)), stored(idToken),
                idToken == null ? null : idToken.getToken().getSubject(), KeyConfirmation.thumbprintOf(access));
    }

    /** The tokens a refresh issued, as its response carries them: those of {@code saved} not in {@code handedOver}. */
    SuccessorTokens successor(OAuth2Authorization saved, OAuth2Authorization handedOver) {
        OAuth2Authorization.Token<OidcIdToken> idToken = issued(saved, handedOver, OidcIdToken.class);
        OAuth2Authorization.Token<OAuth2AccessToken> access = issued(saved, handedOver, OAuth2AccessToken.class);
        return new SuccessorTokens(access.getToken(), issued(saved, handedOver, OAuth2RefreshToken.class).getToken(),
                idToken == null ? null : idToken.getToken().getTokenValue(), KeyConfirmation.thumbprintOf(access));
    }

    /** The code the consent page's approval issued. */
    StoredToken issuedCode(OAuth2Authorization saved, OAuth2Authorization handedOver) {
        return stored(issued(saved, handedOver, OAuth2AuthorizationCode.class));
    }

    private static <T extends AbstractOAuth2Token> OAuth2Authorization.Token<T> issued(OAuth2Authorization saved,
            OAuth2Authorization handedOver, Class<T> type) {
        OAuth2Authorization.Token<T> token = saved.getToken(type);
        OAuth2Authorization.Token<T> before = handedOver.getToken(type);
        return token == null || (before != null
                && before.getToken().getTokenValue().equals(token.getToken().getTokenValue())) ? null : token;
    }

    /** The presented value for the token looked up, else the stored hash standing in for the value nobody kept. */
    private static String valueOf(StoredToken token, TokenKind kind, TokenKind presented, String value) {
        return kind == presented ? value : token.hash();
    }

    private static StoredToken stored(OAuth2Authorization.Token<? extends AbstractOAuth2Token> token) {
        return token == null ? null : new StoredToken(Hashes.sha256Hex(token.getToken().getTokenValue()),
                token.getToken().getIssuedAt(), token.getToken().getExpiresAt());
    }

    private static Consumer<Map<String, Object>> metadata(boolean invalidated, Map<String, Object> claims) {
        return metadata -> {
            metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, invalidated);
            if (claims != null) {
                metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims);
            }
        };
    }

    private static StoredGrant.AuthorizationRequest authorizationRequest(OAuth2AuthorizationRequest request,
            boolean pushed) {
        Map<String, Object> parameters = request.getAdditionalParameters();
        Map<String, List<String>> signInParameters = new LinkedHashMap<>();
        if (pushed) {
            PushedRequest.SIGN_IN_PARAMETERS.forEach(name -> {
                Object value = parameters.get(name);
                if (value instanceof String single) {
                    signInParameters.put(name, List.of(single));
                }
                else if (value instanceof String[] several) {
                    signInParameters.put(name, List.of(several));
                }
            });
        }
        return new StoredGrant.AuthorizationRequest(request.getScopes(), request.getRedirectUri(), request.getState(),
                (String) parameters.get(PkceParameterNames.CODE_CHALLENGE),
                (String) parameters.get(PkceParameterNames.CODE_CHALLENGE_METHOD),
                (String) parameters.get(OidcParameterNames.NONCE), signInParameters);
    }

    OAuth2AuthorizationRequest authorizationRequest(StoredGrant grant, RegisteredClient client) {
        StoredGrant.AuthorizationRequest request = grant.request();
        Map<String, Object> additional = new HashMap<>();
        putIfPresent(additional, PkceParameterNames.CODE_CHALLENGE, request.codeChallenge());
        putIfPresent(additional, PkceParameterNames.CODE_CHALLENGE_METHOD, request.codeChallengeMethod());
        putIfPresent(additional, OidcParameterNames.NONCE, request.nonce());
        request.otherParameters().forEach((name, values) -> additional.put(name,
                values.size() == 1 ? values.get(0) : values.toArray(new String[0])));
        return OAuth2AuthorizationRequest.authorizationCode()
            .authorizationUri(authorizationEndpoint)
            // Given, so the builder does not assemble a URI with every parameter that nobody reads again.
            .authorizationRequestUri(authorizationEndpoint)
            .clientId(client.getClientId())
            .redirectUri(request.redirectUri())
            .scopes(request.requestedScopes())
            .state(request.state())
            .additionalParameters(additional)
            .build();
    }

    /**
     * The grant's {@code sub}, the same in every token and response about it: the user's stable id, or for a
     * client_credentials grant the client itself (RFC 9068 §2.2), which is its principal.
     */
    static String subjectOf(StoredGrant grant) {
        return grant.subject() != null ? grant.subject() : grant.principalName();
    }

    /** The claims Latchkey puts in its JWT access tokens, as introspection (RFC 7662 §2.2) reports them. */
    private Map<String, Object> accessTokenClaims(StoredGrant grant, RegisteredClient client) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put(OAuth2TokenIntrospectionClaimNames.ISS, issuer);
        claims.put(OAuth2TokenIntrospectionClaimNames.SUB, subjectOf(grant));
        if (grant.request() != null) {
            claims.put(OAuth2TokenIntrospectionClaimNames.USERNAME, grant.principalName());
        }
        claims.put(OAuth2TokenIntrospectionClaimNames.AUD, List.of(client.getClientId()));
        claims.put(OAuth2TokenIntrospectionClaimNames.IAT, grant.accessToken().issuedAt());
        claims.put(OAuth2TokenIntrospectionClaimNames.EXP, grant.accessToken().expiresAt());
        claims.put(OAuth2TokenIntrospectionClaimNames.SCOPE, List.copyOf(grant.accessTokenScopes()));
        claims.put(OAuth2TokenIntrospectionClaimNames.CLIENT_ID, client.getClientId());
        if (grant.dpopJkt() != null) {
            claims.put(KeyConfirmation.CLAIM, KeyConfirmation.of(grant.dpopJkt()));
        }
        return claims;
    }

    /**
     * The claims of the grant's last ID token that Spring reads again: the subject and audience (logout), and
     * the sign-in's {@code sid} and {@code auth_time}, which a refreshed ID token repeats (Core §12.2).
     */
    private Map<String, Object> idTokenClaims(StoredGrant grant, RegisteredClient client) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put(IdTokenClaimNames.ISS, issuer);
        claims.put(IdTokenClaimNames.SUB, grant.subject());
        claims.put(IdTokenClaimNames.AUD, List.of(client.getClientId()));
        claims.put(IdTokenClaimNames.IAT, grant.idToken().issuedAt());
        claims.put(IdTokenClaimNames.EXP, grant.idToken().expiresAt());
        if (grant.signIn() != null && grant.signIn().authenticatedAt() != null) {
            // Spring reads it back as a Date.
            claims.put(IdTokenClaimNames.AUTH_TIME, Date.from(grant.signIn().authenticatedAt()));
        }
        if (grant.signIn() != null && grant.signIn().sessionId() != null) {
            claims.put("sid", grant.signIn().sessionId());
        }
        return claims;
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
