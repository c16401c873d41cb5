package dev.latchkey.signingkey;

import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.SharedServers;

/** Access tokens are RS256 by default and ES256 when configured; both keys are published and verify. */
@ParameterizedClass
@EnumSource(Database.class)
class SigningAlgorithmTests {

    @Parameter
    Database database;

    @Test
    void accessTokensAreRs256ByDefault() {
        OAuthClient client = SharedServers.of(database).client();
        String token = clientCredentialsToken(client);
        assertThat(header(token)).contains("\"alg\":\"RS256\"").contains("\"kid\"");
        Response jwks = client.get("/o/jwks/", Map.of());
        assertThat(jwks.body()).contains("\"alg\":\"RS256\"").contains("\"alg\":\"ES256\"");
    }

    @Test
    void accessTokensAreEs256WhenConfiguredAndStillAccepted() {
        try (LatchkeyServer server = LatchkeyServer.start(database,
                Map.of("latchkey.tokens.access-token-signing-algorithm", "ES256"))) {
            OAuthClient client = server.client();
            String token = clientCredentialsToken(client);
            assertThat(header(token)).contains("\"alg\":\"ES256\"");
            Response api = client.getWithBearer("/api/test/", token);
            assertThat(api.status()).isEqualTo(200);
            assertThat(api.json()).containsEntry("user", BACKEND);
            Response introspection = client.postWithBasic("/o/introspect/", BACKEND, BACKEND_SECRET, Map.of("token", token));
            assertThat(introspection.json()).containsEntry("active", true);
        }
    }

    private static String clientCredentialsToken(OAuthClient client) {
        Response response = client.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET,
                Map.of("grant_type", "client_credentials"));
        assertThat(response.status()).isEqualTo(200);
        return response.jsonString("access_token");
    }

    private static String header(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))), StandardCharsets.UTF_8);
    }
}
