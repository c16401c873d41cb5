package dev.latchkey.protocol.token;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.SPA;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.SharedServers;

/**
 * A grant nobody offers is {@code unsupported_grant_type} (RFC 6749 §5.2) naming the grants on offer, whatever
 * the client's type, also those Spring knows but Latchkey does not offer (device code, token exchange).
 */
@ParameterizedClass
@EnumSource(Database.class)
class UnsupportedGrantTypeTests {

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void publicClientAskingForAGrantNobodyOffersGetsUnsupportedGrantType() {
        for (String grantType : new String[] { "password", "implicit", "urn:ietf:params:oauth:grant-type:device_code",
                "urn:ietf:params:oauth:grant-type:token-exchange" }) {
            Response refused = server().client().token(Map.of("grant_type", grantType, "client_id", SPA,
                    "username", ALICE, "password", ALICE_PASSWORD));

            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.json()).containsEntry("error", "unsupported_grant_type").doesNotContainKey("access_token");
            assertThat(refused.jsonString("error_description")).contains("grant_type '" + grantType + "' is not supported",
                    "authorization_code, refresh_token or client_credentials");
        }
    }

    @Test
    void confidentialClientAskingForAGrantNobodyOffersGetsUnsupportedGrantTypeNamingIt() {
        Response refused = server().client().postWithBasic("/o/token/", BACKEND, BACKEND_SECRET,
                Map.of("grant_type", "password", "username", ALICE, "password", ALICE_PASSWORD));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json()).containsEntry("error", "unsupported_grant_type");
        assertThat(refused.jsonString("error_description")).contains("grant_type 'password' is not supported");
    }
}
