package dev.latchkey.protocol.token;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

import dev.latchkey.authorization.FoundGrant;
import dev.latchkey.authorization.GrantAuthorizationService;
import dev.latchkey.authorization.GrantRevokedEvent.Cause;
import dev.latchkey.protocol.dpop.DPoPConfirmation;
import dev.latchkey.protocol.dpop.DPoPProofs;
import dev.latchkey.protocol.errors.OAuth2Errors;

/**
 * Refreshes (RFC 6749 §6) with rotation (RFC 9700 §4.14.2): every refresh token works once. The grant is looked
 * up once, by the token; a token that was already rotated away is a replay and revokes its whole family; each
 * other refusal says why. Spring's provider then issues the new tokens (and checks the scope and the
 * application's grant types), and they are stored only if the presented token is still the current one, which
 * the database decides: of two refreshes with one token, one wins and the other revokes the family.
 */
public final class RefreshTokenGrantProvider implements AuthenticationProvider {

    static final String ALREADY_USED = "refresh_token has already been used: refresh tokens rotate and each works once. "
            + "Using an old one again looks like theft, so the whole grant has been revoked; sign in again";

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
            check(grant, token, client);
            checkKeyBinding(grant, refresh, client);
        }
        FoundGrant found = new FoundGrant(grant, token, (handedOver, refreshed) -> store(token, handedOver, refreshed),
                null);
        return new OAuth2RefreshTokenAuthenticationProvider(found, tokenGenerator).authenticate(refresh);
    }

    /** The refresh's last step: the new tokens are stored if the presented one is still current, else the family dies. */
    void store(String token, OAuth2Authorization grant, OAuth2Authorization refreshed) {
        if (!grants.rotate(token, grant, refreshed)) {
            grants.revoke(grant, Cause.REPLAY, "a refresh token was used twice");
            throw OAuth2Errors.invalidGrant(ALREADY_USED);
        }
    }

    private void check(OAuth2Authorization grant, String token, RegisteredClient client) {
        if (grant == null) {
            if (grants.revokeFamilyOfRotatedRefreshToken(token, "a rotated refresh token was presented again")) {
                throw OAuth2Errors.invalidGrant(ALREADY_USED);
            }
            throw OAuth2Errors.invalidGrant("refresh_token is unknown: it was never issued here, or expired and was "
                    + "cleaned up; sign in again");
        }
        if (!client.getId().equals(grant.getRegisteredClientId())) {
            throw OAuth2Errors.invalidGrant("refresh_token was issued to another client: only the client_id it was "
                    + "issued to may use it");
        }
        OAuth2Authorization.Token<OAuth2RefreshToken> stored = grant.getRefreshToken();
        if (stored.isInvalidated()) {
            throw OAuth2Errors.invalidGrant("refresh_token has been revoked (by the user, an operator, a sign-out or a "
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
        Object proof = refresh.getAdditionalParameters().get(DPoPTokenRequestProvider.PROOF);
        if (boundTo != null && !(proof instanceof String)) {
            throw OAuth2Errors.invalidDPoPProof("refresh_token is bound to a DPoP key: refresh with a DPoP proof signed "
                    + "by that key (RFC 9449 section 5)");
        }
        if (proof instanceof String && boundTo == null) {
            throw OAuth2Errors.invalidDPoPProof("refresh_token was issued without DPoP, and a public client's refresh "
                    + "token keeps the binding it was issued with: refresh without a DPoP proof, or sign in again with one");
        }
        if (proof instanceof String signed && !boundTo.equals(DPoPProofs.thumbprintOf(signed))) {
            throw OAuth2Errors.invalidDPoPProof("DPoP proof is signed by another key than the one this refresh_token is "
                    + "bound to (RFC 9449 section 5): sign with the key the tokens were issued for");
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2RefreshTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
