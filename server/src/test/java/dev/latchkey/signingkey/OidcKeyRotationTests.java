package dev.latchkey.signingkey;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.JWT_SPA;
import static dev.latchkey.support.TestWorld.JWT_SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OidcRelyingParty;

/**
 * Signing keys rotate with overlap: after a rotation, tokens signed before it still verify (the old key stays
 * published); once the key retires they do not. Each test has its own server: rotating changes every token.
 */
@ParameterizedClass
@EnumSource(Database.class)
class OidcKeyRotationTests {

    @Parameter
    Database database;

    @Test
    void tokensFromBeforeARotationVerifyUntilTheirKeyRetires() throws Exception {
        try (LatchkeyServer server = LatchkeyServer.start(database)) {
            // An application set to JWT access tokens: a reference token has no key to retire.
            OidcRelyingParty rp = new OidcRelyingParty(server, JWT_SPA, JWT_SPA_REDIRECT);
            OIDCTokenResponse before = rp.signInAndRedeem(rp.attempt(new Scope("openid", "read"), Map.of()), ALICE,
                    ALICE_PASSWORD);
            JWT oldIdToken = before.getOIDCTokens().getIDToken();
            String oldAccessToken = before.getOIDCTokens().getAccessToken().getValue();
            String oldKid = oldIdToken.getHeader().toJSONObject().get("kid").toString();
            assertThat(SignedJWT.parse(oldAccessToken).getHeader().getKeyID()).isEqualTo(oldKid);

            SigningKeyService keys = server.bean(SigningKeyService.class);
            keys.rotate();

            assertThat(kids(server)).contains(oldKid).hasSize(4);
            rp.validate(oldIdToken, null);
            assertThat(server.client().getWithBearer("/api/test/", oldAccessToken).status()).isEqualTo(200);
            OIDCTokenResponse after = rp.signInAndRedeem(rp.attempt(new Scope("openid"), Map.of()), ALICE, ALICE_PASSWORD);
            assertThat(after.getOIDCTokens().getIDToken().getHeader().toJSONObject().get("kid")).isNotEqualTo(oldKid);
            rp.validate(after.getOIDCTokens().getIDToken(), null);

            Duration grace = Duration.ofDays(2);
            assertThat(keys.rotateAndRetireDue(Instant.now().plus(grace).minusSeconds(60))).isFalse();
            assertThat(keys.rotateAndRetireDue(Instant.now().plus(grace).plusSeconds(1))).isTrue();

            assertThat(kids(server)).doesNotContain(oldKid).hasSize(2);
            assertThatThrownBy(() -> rp.validate(oldIdToken, null)).hasMessageContaining("refused the ID token");
            assertThat(server.client().getWithBearer("/api/test/", oldAccessToken).status()).isEqualTo(401);
            rp.validate(after.getOIDCTokens().getIDToken(), null);
            assertThat(server.jdbc().sql("SELECT encrypted_private_jwk FROM signing_key WHERE kid = ?")
                .param(oldKid).query(String.class).single()).as("a retired key's private part is erased").isEmpty();
        }
    }

    @Test
    void keysRotateOnScheduleAndTheJwksNeverHoldsAPrivatePart() throws Exception {
        try (LatchkeyServer server = LatchkeyServer.start(database, Map.of(
                "latchkey.signing-keys.rotation-period", "2s", "latchkey.signing-keys.rotation-check-interval", "500ms"))) {
            Set<String> first = kids(server);
            assertThat(first).hasSize(2);
            long deadline = System.currentTimeMillis() + 15_000;
            while (kids(server).size() < 4 && System.currentTimeMillis() < deadline) {
                Thread.sleep(250);
            }
            assertThat(kids(server)).containsAll(first).hasSizeGreaterThanOrEqualTo(4);
            List<JWK> jwks = JWKSet.parse(server.client().get("/o/jwks/", Map.of()).body()).getKeys();
            for (JWK key : jwks) {
                assertThat(key.isPrivate()).isFalse();
                assertThat(key.getKeyID()).isNotBlank();
                assertThat(key.getKeyUse().identifier()).isEqualTo("sig");
                assertThat(key.getAlgorithm().getName()).isIn("RS256", "ES256");
            }
            assertThat(server.client().get("/o/jwks/", Map.of()).body()).doesNotContain("\"d\"").doesNotContain("\"p\"");
        }
    }

    @Test
    void aRetirementGraceShorterThanTokensLiveStopsTheStart() {
        assertThatThrownBy(() -> LatchkeyServer.start(database, Map.of("latchkey.signing-keys.retirement-grace", "10m")))
            .hasStackTraceContaining("latchkey.signing-keys.retirement-grace");
    }

    private static Set<String> kids(LatchkeyServer server) throws Exception {
        OAuthClient client = server.client();
        return JWKSet.parse(client.get("/o/jwks/", Map.of()).body()).getKeys().stream().map(JWK::getKeyID)
            .collect(Collectors.toSet());
    }
}
