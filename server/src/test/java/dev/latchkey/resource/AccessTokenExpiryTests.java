package dev.latchkey.resource;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.SHORT_TOKEN_SPA;
import static dev.latchkey.support.TestWorld.SHORT_TOKEN_SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.SharedServers;

/**
 * An access token is good for its lifetime and not a moment longer, in either form (RFC 6749 §1.4, RFC 7662
 * §2.2): once it has expired, introspection calls it inactive, and the API and UserInfo refuse it. Tested with
 * a two-second lifetime and a real wait, not an edited row.
 */
@ParameterizedClass
@EnumSource(Database.class)
class AccessTokenExpiryTests {

    @Parameter
    Database database;

    @Test
    void accessTokenPastItsLifetimeIntrospectsInactiveAndIsRefusedByTheApiAndUserInfo() throws InterruptedException {
        Map<String, LatchkeyServer> servers = new LinkedHashMap<>();
        servers.put("JWT", SharedServers.withJwtAccessTokens(database));
        servers.put("reference", SharedServers.of(database));
        Map<String, String> tokens = new LinkedHashMap<>();
        servers.forEach((form, server) -> {
            OAuthClient spa = server.signedInClient(ALICE, ALICE_PASSWORD);
            String token = spa.codeFlowTokens(SHORT_TOKEN_SPA, SHORT_TOKEN_SPA_REDIRECT, "openid read")
                .jsonString("access_token");
            assertThat(token.split("\\.")).as(form + " token's parts").hasSize(form.equals("JWT") ? 3 : 1);
            assertThat(introspect(server, token)).as(form + " token while it lives").containsEntry("active", true);
            tokens.put(form, token);
        });

        Thread.sleep(2_500);

        servers.forEach((form, server) -> {
            String token = tokens.get(form);
            OAuthClient client = server.client();
            assertThat(introspect(server, token)).as(form + " token expired").containsEntry("active", false);
            assertThat(client.getWithBearer("/api/test/", token).status()).as(form + " token at the API").isEqualTo(401);
            assertThat(client.getWithBearer("/o/userinfo/", token).status()).as(form + " token at UserInfo")
                .isEqualTo(401);
        });
    }

    private static Map<String, Object> introspect(LatchkeyServer server, String token) {
        return server.client().postWithBasic("/o/introspect/", BACKEND, BACKEND_SECRET, Map.of("token", token)).json();
    }
}
