package dev.latchkey.authorization;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.stereotype.Service;

import dev.latchkey.authorization.GrantRevokedEvent.Cause;
import dev.latchkey.authorization.RotatedRefreshTokens.SealedAnswer;
import dev.latchkey.crypto.Hashes;
import dev.latchkey.settings.TokenSettings;
import dev.latchkey.user.UserAccount;
import dev.latchkey.user.UserService;

/**
 * Spring's view of the {@link GrantStore}: a thin mapping ({@link AuthorizationMapping}). Spring saves two kinds
 * of authorization here: new grants (an authorization request's, a client_credentials token's), which are
 * inserted, and stored grants with a token invalidated by a revocation request (RFC 7009), whose family is
 * revoked. Each other change of a stored grant is one of the explicit transitions below, made by the provider
 * that knows which one it is (a redemption, a rotation, a consent), on the grant it looked up once.
 */
@Service
public class GrantAuthorizationService implements OAuth2AuthorizationService {

    private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

    private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

    private static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType(OidcParameterNames.ID_TOKEN);

    private final GrantStore store;

    private final RotatedRefreshTokens rotated;

    private final RegisteredClientRepository clients;

    private final AuthorizationMapping mapping;

    private final Duration retryWindow;

    public GrantAuthorizationService(GrantStore store, RotatedRefreshTokens rotated, RegisteredClientRepository clients,
            AuthorizationServerSettings server, UserService users, TokenSettings tokens) {
        this.store = store;
        this.rotated = rotated;
        this.clients = clients;
        this.mapping = new AuthorizationMapping(server.getIssuer(), server.getIssuer() + server.getAuthorizationEndpoint(),
                username -> users.find(username).map(UserAccount::id).orElse(null));
        this.retryWindow = tokens.refreshTokenRetryWindow();
    }

    /**
     * The {@code sub} of a stored grant's tokens, ID tokens and introspection: the user's stable id (the username
     * may change and is not for every resource server to see), or a client_credentials grant's client id;
     * {@code null} for an authorization that was not read from the store.
     */
    public static String subjectOf(OAuth2Authorization authorization) {
        return authorization == null ? null : authorization.getAttribute(AuthorizationMapping.SUBJECT_ATTRIBUTE);
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        if (isRevocation(authorization)) {
            store.revoke(GrantSelector.byId(authorization.getId()), Cause.CLIENT, "a token was revoked by its client");
        }
        else {
            store.insert(mapping.toNewGrant(authorization));
        }
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        store.delete(authorization.getId());
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return store.findById(id).map(grant -> authorization(grant, null, null)).orElse(null);
    }

    /** {@code tokenType} {@code null}: an access token, else a refresh token (introspection, revocation). */
    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        if (tokenType == null) {
            OAuth2Authorization access = find(TokenKind.ACCESS_TOKEN, token);
            return access != null ? access : find(TokenKind.REFRESH_TOKEN, token);
        }
        TokenKind kind = OAuth2TokenType.ACCESS_TOKEN.equals(tokenType) ? TokenKind.ACCESS_TOKEN
                : OAuth2TokenType.REFRESH_TOKEN.equals(tokenType) ? TokenKind.REFRESH_TOKEN
                        : CODE.equals(tokenType) ? TokenKind.AUTHORIZATION_CODE
                                : ID_TOKEN.equals(tokenType) ? TokenKind.ID_TOKEN
                                        : STATE.equals(tokenType) ? TokenKind.CONSENT_STATE : null;
        return kind == null ? null : find(kind, token);
    }

    /**
     * Stores what a code redemption issued (RFC 6749 §4.1.3) if {@code code} is still unused.
     *
     * @param grant the grant as found by the code and handed to Spring
     * @param issued the same grant as Spring saves it, with the tokens it issued
     * @return {@code false} when another redemption came first; nothing was stored
     */
    public boolean redeem(String code, OAuth2Authorization grant, OAuth2Authorization issued) {
        return store.consumeCode(Hashes.sha256Hex(code), mapping.issuedTokens(issued, grant));
    }

    /**
     * Stores what a refresh issued (RFC 6749 §6) if {@code refreshToken} is still the grant's current one; it is
     * remembered as rotated, with this answer sealed for a retry within the retry window ({@link SuccessorSeal}).
     *
     * @param grant the grant as found by the refresh token and handed to Spring
     * @param refreshed the same grant as Spring saves it, with the tokens it issued
     * @return {@code false} when it no longer was: nothing was stored
     */
    public boolean rotate(String refreshToken, OAuth2Authorization grant, OAuth2Authorization refreshed) {
        TokenIssue issue = mapping.issuedTokens(refreshed, grant);
        SealedAnswer answer = retryWindow.isZero() || issue.refreshToken() == null ? null
                : new SealedAnswer(SuccessorSeal.seal(refreshToken, grant.getId(), mapping.successor(refreshed, grant)),
                        Instant.now().plus(retryWindow));
        return store.rotateRefreshToken(grant.getId(), Hashes.sha256Hex(refreshToken), issue, answer);
    }

    /**
     * The answer of the refresh that rotated {@code refreshToken} away, for a retry of it: only to the client it was
     * issued to, within the retry window, while the grant is live and the refresh token it answered with has not
     * been used. Empty otherwise: then this token coming back is a replay.
     */
    public Optional<SuccessorTokens> answerForRetry(String refreshToken, String registeredClientId) {
        return rotated.findRetryAnswer(Hashes.sha256Hex(refreshToken), Instant.now())
            .filter(answer -> answer.clientId().equals(registeredClientId))
            .flatMap(answer -> SuccessorSeal.open(refreshToken, answer.grantId(), answer.sealed()));
    }

    /**
     * Stores the code and scopes the user's approval on the consent page issued, if this page's one-time
     * {@code consentState} was not answered already.
     *
     * @param grant the waiting grant as found by the state and handed to Spring
     * @param approved the same grant as Spring saves it, with its code
     */
    public boolean approve(String consentState, OAuth2Authorization grant, OAuth2Authorization approved) {
        return store.approve(grant.getId(), Hashes.sha256Hex(consentState), mapping.issuedCode(approved, grant),
                approved.getAuthorizedScopes());
    }

    /**
     * The pushed authorization request whose request_uri ends with {@code oneTimePart} (RFC 9126 §2.2), used or
     * not; {@code null} when there is none (never pushed, used, or cleaned up after expiring).
     */
    public PushedRequest findPushedRequest(String oneTimePart) {
        StoredGrant grant = store.find(TokenKind.PUSHED_REQUEST, Hashes.sha256Hex(oneTimePart)).orElse(null);
        RegisteredClient client = grant == null ? null : clients.findById(grant.clientId());
        return client == null ? null : new PushedRequest(grant.id(), grant.clientId(),
                mapping.authorizationRequest(grant, client), grant.expiresAt());
    }

    /**
     * Uses up a pushed request (its request_uri is one-time, RFC 9126 §4).
     *
     * @return {@code false} when another request used it first, or it expired meanwhile
     */
    public boolean consume(PushedRequest pushed) {
        return store.consumePushedRequest(pushed.grantId());
    }

    /** Burns a code another client presented. */
    public void invalidateCode(String code) {
        store.invalidateCode(Hashes.sha256Hex(code));
    }

    /** Revokes the grant's whole family. */
    public void revoke(OAuth2Authorization authorization, Cause cause, String reason) {
        store.revoke(GrantSelector.byId(authorization.getId()), cause, reason);
    }

    /** Revokes the family a rotated-away refresh token belonged to; {@code false} when it is no such token. */
    public boolean revokeFamilyOfRotatedRefreshToken(String refreshToken, String reason) {
        String hash = Hashes.sha256Hex(refreshToken);
        if (!rotated.isRotated(hash)) {
            return false;
        }
        store.revoke(GrantSelector.byRotatedRefreshToken(hash), Cause.REFRESH_TOKEN_REPLAY, reason);
        return true;
    }

    /**
     * Who a verified JWT access token speaks for, if its grant is live and the token is still the grant's current
     * one: the resource servers' check, and the name they show (the username, which the token itself does not carry).
     */
    public Optional<String> findActiveAccessTokenPrincipal(String accessToken) {
        return store.findActiveAccessTokenPrincipal(Hashes.sha256Hex(accessToken));
    }

    private OAuth2Authorization find(TokenKind kind, String token) {
        return store.find(kind, Hashes.sha256Hex(token)).map(grant -> authorization(grant, kind, token)).orElse(null);
    }

    /** {@code null} when the application was deleted: its grants die with it. */
    private OAuth2Authorization authorization(StoredGrant grant, TokenKind presented, String value) {
        RegisteredClient client = clients.findById(grant.clientId());
        return client == null ? null : mapping.toAuthorization(grant, client, presented, value);
    }

    /** An access or refresh token came back invalidated: only a revocation does that (new grants have live ones). */
    private static boolean isRevocation(OAuth2Authorization authorization) {
        return isInvalidated(authorization.getToken(OAuth2AccessToken.class))
                || isInvalidated(authorization.getToken(OAuth2RefreshToken.class));
    }

    private static boolean isInvalidated(OAuth2Authorization.Token<?> token) {
        return token != null && token.isInvalidated();
    }
}
