package dev.latchkey.ops;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.AuthorizationResponse;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;

/**
 * A restart loses nothing: users, applications, login sessions and signing keys persist, so a token
 * issued before the restart is accepted after it and a signed-in user stays signed in.
 */
@ParameterizedClass
@EnumSource(Database.class)
class RestartTests {

    @Parameter
    Database database;

    LatchkeyServer server;

    @BeforeEach
    void start() {
        server = LatchkeyServer.start(database);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void restartKeepsUsersApplicationsSessionsAndSigningKeys() {
        OAuthClient browser = server.client();
        assertThat(browser.login(ALICE, ALICE_PASSWORD).status()).isEqualTo(302);
        PkcePair pkce = PkcePair.generate();
        AuthorizationResponse code = browser.authorizeCode(SPA, SPA_REDIRECT, "read write", pkce);
        Response issued = browser.redeem(SPA, code, SPA_REDIRECT, pkce.verifier());
        assertThat(issued.status()).isEqualTo(200);
        String jwksBefore = browser.get("/o/jwks/", Map.of()).body();

        server.restart();

        Response api = browser.getWithBearer("/api/test/", issued.jsonString("access_token"));
        assertThat(api.status()).isEqualTo(200);
        assertThat(api.json()).containsEntry("success", true).containsEntry("user", ALICE);
        assertThat(browser.get("/o/jwks/", Map.of()).body()).isEqualTo(jwksBefore);

        // The same browser session still signs the user in: straight back with a code, no login page.
        PkcePair again = PkcePair.generate();
        AuthorizationResponse afterRestart = browser.authorizeCode(SPA, SPA_REDIRECT, "read", again);
        assertThat(browser.redeem(SPA, afterRestart, SPA_REDIRECT, again.verifier()).status()).isEqualTo(200);

        Response refresh = browser.token(Map.of("grant_type", "refresh_token", "client_id", SPA, "refresh_token",
                issued.jsonString("refresh_token")));
        assertThat(refresh.status()).isEqualTo(200);
        assertThat(browser.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET, Map.of("grant_type", "client_credentials"))
            .status()).isEqualTo(200);
        assertThat(server.jdbc().sql("SELECT algorithm FROM signing_key ORDER BY algorithm").query(String.class).list())
            .containsExactly("ES256", "RS256");
    }

    @Test
    void signingKeysAreStoredEncrypted() {
        for (String stored : server.jdbc().sql("SELECT encrypted_private_jwk FROM signing_key").query(String.class).list()) {
            // Ciphertext in base64: never the JSON of a JWK, which is all braces and quotes.
            assertThat(stored).matches("[A-Za-z0-9+/=]+").doesNotContain("{");
        }
        String published = server.client().get("/o/jwks/", Map.of()).body();
        assertThat(published).contains("\"kty\":\"RSA\"").contains("\"kid\"");
        for (String privateMember : new String[] { "\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"" }) {
            assertThat(published).doesNotContain(privateMember);
        }
    }
}
