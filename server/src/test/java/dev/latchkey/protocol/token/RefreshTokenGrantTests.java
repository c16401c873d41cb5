package dev.latchkey.protocol.token;

import static dev.latchkey.support.TestWorld.ALICE;
import static dev.latchkey.support.TestWorld.ALICE_PASSWORD;
import static dev.latchkey.support.TestWorld.SPA;
import static dev.latchkey.support.TestWorld.SPA_REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.PkcePair;
import dev.latchkey.support.SharedServers;

/**
 * The scope of a refresh (RFC 6749 §6): it may ask for the granted scope or less, never more, and without a
 * {@code scope} it gets what was granted, even after a refresh that asked for less.
 */
@ParameterizedClass
@EnumSource(Database.class)
class RefreshTokenGrantTests {

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void refreshWhenScopeIsBroaderThanGrantedThenInvalidScopeAndNothingIsIssued() {
        OAuthClient spa = signedIn();
        String refreshToken = spa.codeFlowTokens(SPA, SPA_REDIRECT, "read").jsonString("refresh_token");

        Response broader = refresh(spa, refreshToken, "read write");

        assertThat(broader.status()).isEqualTo(400);
        assertThat(broader.json()).containsEntry("error", "invalid_scope").doesNotContainKeys("access_token",
                "refresh_token");
        assertThat(broader.jsonString("error_description")).contains("scope");
        assertThat(grantedScopes(refreshToken)).as("the grant is unchanged").isEqualTo("read");
        assertThat(refresh(spa, refreshToken, null).status()).as("the refresh token still works").isEqualTo(200);
    }

    @Test
    void refreshWithoutScopeKeepsTheGrantedScopeEvenAfterANarrowerRefresh() {
        OAuthClient spa = signedIn();
        String refreshToken = spa.codeFlowTokens(SPA, SPA_REDIRECT, "read write").jsonString("refresh_token");

        Response narrower = refresh(spa, refreshToken, "read");
        assertThat(narrower.status()).isEqualTo(200);
        assertThat(narrower.json()).containsEntry("scope", "read");

        Response unspecified = refresh(spa, narrower.jsonString("refresh_token"), null);
        assertThat(unspecified.status()).isEqualTo(200);
        assertThat(unspecified.jsonString("scope").split(" ")).containsExactlyInAnyOrder("read", "write");
        Response api = spa.getWithBearer("/api/test/", unspecified.jsonString("access_token"));
        assertThat(api.status()).isEqualTo(200);
    }

    private OAuthClient signedIn() {
        return server().signedInClient(ALICE, ALICE_PASSWORD);
    }

    private static Response refresh(OAuthClient client, String refreshToken, String scope) {
        Map<String, String> parameters = new HashMap<>(Map.of("grant_type", "refresh_token", "client_id", SPA,
                "refresh_token", refreshToken));
        if (scope != null) {
            parameters.put("scope", scope);
        }
        return client.token(parameters);
    }

    private String grantedScopes(String refreshToken) {
        return server().jdbc()
            .sql("SELECT authorized_scopes FROM oauth_authorization WHERE refresh_token_hash = ?")
            .param(PkcePair.sha256Hex(refreshToken))
            .query(String.class)
            .single();
    }
}
