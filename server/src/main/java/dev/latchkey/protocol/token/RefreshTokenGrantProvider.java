package dev.latchkey.protocol.token;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

import dev.latchkey.authorization.FoundGrant;
import dev.latchkey.authorization.GrantAuthorizationService;
import dev.latchkey.authorization.GrantRevokedEvent.Cause;
import dev.latchkey.authorization.SuccessorTokens;
import dev.latchkey.protocol.dpop.DPoPConfirmation;
import dev.latchkey.protocol.dpop.DPoPProofs;
import dev.latchkey.protocol.errors.OAuth2Errors;

/**
 * Refreshes (RFC 6749 §6) with rotation (RFC 9700 §4.14.2): every refresh token works once. The grant is looked
 * up once, by the token; each refusal says why. Spring's provider then issues the new tokens (and checks the
 * scope and the application's grant types), and they are stored only if the presented token is still the current
 * one, which the database decides.
 * <p>
 * A token that was already rotated away is either a retry or a replay. A retry (the client lost the response,
 * or sent the refresh twice at once) gets the answer of the refresh that rotated it, the same tokens again, if it
 * comes from the same client within the retry window and before the new refresh token was used. Anything else
 * is a replay and revokes the whole family. Of concurrent refreshes with one token, one is stored and the others
 * answer with what it issued. DPoP (RFC 9449 §5): a public client's bound grant refreshes only with a proof by its
 * key, and a retry only with a proof by the key its answer is bound to.
 */
public final class RefreshTokenGrantProvider implements AuthenticationProvider {

    static final String ALREADY_USED = "refresh_token has already been used: refresh tokens rotate and each works once. "
            + "Using an old one again looks like theft, so the whole grant has been revoked; sign in again";

    private static final Logger log = LoggerFactory.getLogger(RefreshTokenGrantProvider.class);

    private final GrantAuthorizationService grants;

    private final OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator;

    public RefreshTokenGrantProvider(GrantAuthorizationService grants,
            OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator) {
        this.grants = grants;
        this.tokenGenerator = tokenGenerator;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        OAuth2RefreshTokenAuthenticationToken refresh = (OAuth2RefreshTokenAuthenticationToken) authentication;
        String token = refresh.getRefreshToken();
        OAuth2Authorization grant = null;
        RegisteredClient client = ClientOf.registeredClient(refresh);
        if (client != null) {
            grant = grants.findByToken(token, OAuth2TokenType.REFRESH_TOKEN);
            if (grant == null) {
                Optional<Authentication> answer = answerForRetry(refresh, client);
                if (answer.isPresent()) {
                    return answer.get();
                }
                throw replayedOrUnknown(token);
            }
            check(grant, client);
            checkKeyBinding(grant, refresh, client);
        }
        AtomicReference<Authentication> answeredBefore = new AtomicReference<>();
        FoundGrant found = new FoundGrant(grant, token,
                (handedOver, refreshed) -> store(refresh, handedOver, refreshed).ifPresent(answeredBefore::set), null);
        Authentication issued = new OAuth2RefreshTokenAuthenticationProvider(found, tokenGenerator).authenticate(refresh);
        return answeredBefore.get() != null ? answeredBefore.get() : issued;
    }

    /**
     * The refresh's last step: the new tokens are stored if the presented one is still current. If another refresh
     * with it came first, this one is its retry and gets its answer, or it is a replay and the family dies.
     *
     * @return empty when this refresh's tokens were stored, else the answer of the refresh that came first
     */
    Optional<Authentication> store(OAuth2RefreshTokenAuthenticationToken refresh, OAuth2Authorization grant,
            OAuth2Authorization refreshed) {
        if (grants.rotate(refresh.getRefreshToken(), grant, refreshed)) {
            return Optional.empty();
        }
        Optional<Authentication> answer = answerForRetry(refresh, ClientOf.registeredClient(refresh));
        if (answer.isEmpty()) {
            grants.revoke(grant, Cause.REFRESH_TOKEN_REPLAY, "a refresh token was used twice");
            throw OAuth2Errors.invalidGrant(ALREADY_USED);
        }
        return answer;
    }

    /** The earlier answer, when this request may be a retry of the refresh that rotated its token away. */
    private Optional<Authentication> answerForRetry(OAuth2RefreshTokenAuthenticationToken refresh,
            RegisteredClient client) {
        Optional<SuccessorTokens> answer = grants.answerForRetry(refresh.getRefreshToken(), client.getId());
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        checkRetryKey(answer.get(), refresh);
        Set<String> scopes = answer.get().accessToken().getScopes();
        if (!refresh.getScopes().isEmpty() && !refresh.getScopes().equals(scopes)) {
            // A retry repeats its request; a different scope is another request, which this token can no longer make.
            throw OAuth2Errors.refusal(OAuth2ErrorCodes.INVALID_SCOPE, "scope differs from the refresh this "
                    + "refresh_token was used for a moment ago (" + String.join(" ", scopes) + "): a retry gets the "
                    + "same tokens again only for the same scope, or for none; use the new refresh_token for another");
        }
        log.info("Answered a retried refresh of client '{}' with the tokens issued for it a moment ago",
                client.getClientId());
        return Optional.of(new OAuth2AccessTokenAuthenticationToken(client, (Authentication) refresh.getPrincipal(),
                answer.get().accessToken(), answer.get().refreshToken(), answer.get().additionalParameters()));
    }

    /** A token that is no grant's current one: a rotated one is a replay and revokes its family, else it is unknown. */
    private OAuth2AuthenticationException replayedOrUnknown(String token) {
        if (grants.revokeFamilyOfRotatedRefreshToken(token, "a rotated refresh token was presented again")) {
            return OAuth2Errors.invalidGrant(ALREADY_USED);
        }
        return OAuth2Errors.invalidGrant("refresh_token is unknown: it was never issued here, or expired and was "
                + "cleaned up; sign in again");
    }

    private void check(OAuth2Authorization grant, RegisteredClient client) {
        if (!client.getId().equals(grant.getRegisteredClientId())) {
            throw OAuth2Errors.invalidGrant("refresh_token was issued to another client: only the client_id it was "
                    + "issued to may use it");
        }
        OAuth2Authorization.Token<OAuth2RefreshToken> stored = grant.getRefreshToken();
        if (stored.isInvalidated()) {
            throw OAuth2Errors.invalidGrant("refresh_token has been revoked (by the user, an operator or a "
                    + "detected replay); sign in again");
        }
        if (stored.isExpired()) {
            throw OAuth2Errors.invalidGrant("refresh_token has expired; sign in again");
        }
    }

    /**
     * RFC 9449 §5: a public client's refresh token is bound to the key its access tokens were issued for, so a
     * refresh needs a proof by that key ({@link DPoPTokenRequestProvider} has verified the proof). Spring's provider
     * compares the keys too, with terser refusals.
     */
    private static void checkKeyBinding(OAuth2Authorization grant, OAuth2RefreshTokenAuthenticationToken refresh,
            RegisteredClient client) {
        if (!client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
            return;
        }
        String boundTo = DPoPConfirmation.thumbprintOf(grant.getAccessToken().getClaims());
        String proof = proofOf(refresh);
        if (boundTo != null && proof == null) {
            throw OAuth2Errors.invalidDPoPProof("refresh_token is bound to a DPoP key: refresh with a DPoP proof signed "
                    + "by that key (RFC 9449 section 5)");
        }
        if (proof != null && boundTo == null) {
            throw OAuth2Errors.invalidDPoPProof("refresh_token was issued without DPoP, and a public client's refresh "
                    + "token keeps the binding it was issued with: refresh without a DPoP proof, or sign in again with one");
        }
        if (proof != null && !boundTo.equals(DPoPProofs.thumbprintOf(proof))) {
            throw OAuth2Errors.invalidDPoPProof("DPoP proof is signed by another key than the one this refresh_token is "
                    + "bound to (RFC 9449 section 5): sign with the key the tokens were issued for");
        }
    }

    /**
     * A retry gets the tokens the first refresh issued, bound to the key of its proof: only a proof by that same key
     * (or none, when they are bearer tokens) repeats that request, whatever the client's type.
     */
    private static void checkRetryKey(SuccessorTokens answer, OAuth2RefreshTokenAuthenticationToken refresh) {
        String proof = proofOf(refresh);
        String key = proof == null ? null : DPoPProofs.thumbprintOf(proof);
        if (answer.dpopThumbprint() != null && !answer.dpopThumbprint().equals(key)) {
            throw OAuth2Errors.invalidDPoPProof("this refresh_token was used a moment ago with a DPoP proof, and a "
                    + "retry gets the same DPoP-bound tokens: send a proof signed by that same key (RFC 9449 section 5)");
        }
        if (answer.dpopThumbprint() == null && key != null) {
            throw OAuth2Errors.invalidDPoPProof("this refresh_token was used a moment ago without DPoP, and a retry gets "
                    + "the same bearer tokens: retry without a DPoP proof, or use the new refresh_token");
        }
    }

    private static String proofOf(OAuth2RefreshTokenAuthenticationToken refresh) {
        return refresh.getAdditionalParameters().get(DPoPTokenRequestProvider.PROOF) instanceof String proof ? proof
                : null;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2RefreshTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
