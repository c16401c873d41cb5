package dev.latchkey.protocol.token;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

import dev.latchkey.authorization.GrantAuthorizationService;
import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.AuthorizationResponse;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.SharedServers;

/**
 * A code or refresh token presented twice where the second request read the grant before the first one's
 * tokens were stored: it passed every check, so only the store's conditional write can catch it. Reproduced
 * without timing: the first use goes over HTTP, then the second request's last step runs on the copy of the
 * grant read before it. A second redemption must be refused, and the family the first one was issued must die
 * with it (RFC 6749 §4.1.2). A second refresh is a retry of the first while the retry window lasts and the
 * first one's refresh token is unused: it gets the first one's tokens and stores nothing; once that token was
 * used it is a replay, refused, and the family dies (RFC 9700 §4.14.2).
 */
@ParameterizedClass
@EnumSource(Database.class)
class StaleReadReplayTests {

    private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void redeemWhenASecondRedemptionReadTheGrantBeforeTheFirstWasStoredThenRefusedAndTheFirstTokensAreRevoked() {
        OAuthClient spa = server().signedInClient(ALICE, ALICE_PASSWORD);
        PkcePair pkce = PkcePair.generate();
        AuthorizationResponse code = spa.authorizeCode(SPA, SPA_REDIRECT, "read write", pkce);
        OAuth2Authorization readBeforeTheFirst = grants().findByToken(code.code(), CODE);

        Response first = spa.redeem(SPA, code, SPA_REDIRECT, pkce.verifier());
        assertThat(first.status()).isEqualTo(200);
        OAuth2Authorization secondIssue = OAuth2Authorization.from(readBeforeTheFirst)
            .token(accessToken())
            .refreshToken(refreshToken())
            .invalidate(readBeforeTheFirst.getToken(OAuth2AuthorizationCode.class).getToken())
            .build();
        AuthorizationCodeGrantProvider redemptions = new AuthorizationCodeGrantProvider(grants(), tokenGenerator());

        OAuth2AuthenticationException refused = catchThrowableOfType(OAuth2AuthenticationException.class,
                () -> redemptions.store(code.code(), readBeforeTheFirst, secondIssue));

        assertThat(refused.getError().getErrorCode()).isEqualTo("invalid_grant");
        assertThat(refused.getError().getDescription()).contains("already been used", "revoked");
        assertDead(spa, first.jsonString("access_token"), first.jsonString("refresh_token"));
        assertNeverStored(spa, secondIssue);
    }

    @Test
    void refreshWhenASecondRefreshReadTheGrantBeforeTheFirstWasStoredThenItAnswersWithTheFirstOnesTokens() {
        OAuthClient spa = server().signedInClient(ALICE, ALICE_PASSWORD);
        String refreshToken = spa.codeFlowTokens(SPA, SPA_REDIRECT, "read write").jsonString("refresh_token");
        OAuth2Authorization readBeforeTheFirst = grants().findByToken(refreshToken, OAuth2TokenType.REFRESH_TOKEN);

        Response first = refresh(spa, refreshToken);
        assertThat(first.status()).isEqualTo(200);
        OAuth2Authorization secondRefresh = secondRefresh(readBeforeTheFirst);

        Optional<Authentication> answer = refreshes().store(request(refreshToken), readBeforeTheFirst, secondRefresh);

        assertThat(answer).get().isInstanceOfSatisfying(OAuth2AccessTokenAuthenticationToken.class, tokens -> {
            assertThat(tokens.getAccessToken().getTokenValue()).isEqualTo(first.jsonString("access_token"));
            assertThat(tokens.getRefreshToken().getTokenValue()).isEqualTo(first.jsonString("refresh_token"));
        });
        assertNeverStored(spa, secondRefresh);
        assertThat(spa.getWithBearer("/api/test/", first.jsonString("access_token")).status()).isEqualTo(200);
        assertThat(refresh(spa, first.jsonString("refresh_token")).status()).as("the family lives").isEqualTo(200);
    }

    @Test
    void refreshWhenASecondRefreshReadTheGrantBeforeTheFirstWhoseTokenWasUsedSinceThenRefusedAndTheFamilyIsRevoked() {
        OAuthClient spa = server().signedInClient(ALICE, ALICE_PASSWORD);
        String refreshToken = spa.codeFlowTokens(SPA, SPA_REDIRECT, "read write").jsonString("refresh_token");
        OAuth2Authorization readBeforeTheFirst = grants().findByToken(refreshToken, OAuth2TokenType.REFRESH_TOKEN);

        Response first = refresh(spa, refreshToken);
        assertThat(first.status()).isEqualTo(200);
        Response next = refresh(spa, first.jsonString("refresh_token"));
        assertThat(next.status()).isEqualTo(200);
        OAuth2Authorization secondRefresh = secondRefresh(readBeforeTheFirst);

        OAuth2AuthenticationException refused = catchThrowableOfType(OAuth2AuthenticationException.class,
                () -> refreshes().store(request(refreshToken), readBeforeTheFirst, secondRefresh));

        assertThat(refused.getError().getErrorCode()).isEqualTo("invalid_grant");
        assertThat(refused.getError().getDescription()).contains("already been used", "revoked");
        assertDead(spa, next.jsonString("access_token"), next.jsonString("refresh_token"));
        assertNeverStored(spa, secondRefresh);
    }

    private static Response refresh(OAuthClient client, String refreshToken) {
        return client.token(Map.of("grant_type", "refresh_token", "client_id", SPA, "refresh_token", refreshToken));
    }

    private static OAuth2Authorization secondRefresh(OAuth2Authorization readBefore) {
        return OAuth2Authorization.from(readBefore).token(accessToken()).refreshToken(refreshToken()).build();
    }

    /** The refresh request of the SPA, as its client authentication leaves it for the grant provider. */
    private OAuth2RefreshTokenAuthenticationToken request(String refreshToken) {
        RegisteredClient client = server().bean(RegisteredClientRepository.class).findByClientId(SPA);
        return new OAuth2RefreshTokenAuthenticationToken(refreshToken,
                new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null), Set.of(), Map.of());
    }

    private RefreshTokenGrantProvider refreshes() {
        return new RefreshTokenGrantProvider(grants(), tokenGenerator());
    }

    private void assertDead(OAuthClient client, String accessToken, String refreshToken) {
        assertThat(client.getWithBearer("/api/test/", accessToken).status()).isEqualTo(401);
        assertThat(introspect(client, accessToken)).containsEntry("active", false);
        Response refresh = client.token(Map.of("grant_type", "refresh_token", "client_id", SPA, "refresh_token",
                refreshToken));
        assertThat(refresh.status()).isEqualTo(400);
        assertThat(refresh.json()).containsEntry("error", "invalid_grant").doesNotContainKey("access_token");
    }

    private void assertNeverStored(OAuthClient client, OAuth2Authorization refusedIssue) {
        assertThat(introspect(client, refusedIssue.getAccessToken().getToken().getTokenValue()))
            .containsEntry("active", false);
        assertThat(grants().findByToken(refusedIssue.getRefreshToken().getToken().getTokenValue(),
                OAuth2TokenType.REFRESH_TOKEN)).isNull();
    }

    private static Map<String, Object> introspect(OAuthClient client, String token) {
        return client.postWithBasic("/o/introspect/", BACKEND, BACKEND_SECRET, Map.of("token", token)).json();
    }

    private static OAuth2AccessToken accessToken() {
        Instant now = Instant.now();
        return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "second-" + UUID.randomUUID(), now,
                now.plusSeconds(300), Set.of("read", "write"));
    }

    private static OAuth2RefreshToken refreshToken() {
        Instant now = Instant.now();
        return new OAuth2RefreshToken("second-" + UUID.randomUUID(), now, now.plusSeconds(3600));
    }

    private GrantAuthorizationService grants() {
        return server().bean(GrantAuthorizationService.class);
    }

    private OAuth2TokenGenerator<?> tokenGenerator() {
        return server().bean(OAuth2TokenGenerator.class);
    }
}
