package dev.latchkey.protocol.authorize;

import static dev.latchkey.support.TestWorld.SPA;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.RawHttp;
import dev.latchkey.support.RawHttp.Answer;
import dev.latchkey.support.SharedServers;

/**
 * A pushed authorization request (RFC 9126) that Spring's converter does not read as one, found by the
 * hostile-request fuzz ({@code dev.latchkey.fuzz}): a JSON body from an authenticated public client left the endpoint
 * nothing to authenticate, a {@code NullPointerException} (a 500). It is {@code invalid_request}, and nothing is
 * stored.
 */
@ParameterizedClass
@EnumSource(Database.class)
class HostilePushedRequestTests {

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database);
    }

    @Test
    void pushWhenBodyIsNotAFormThen400InvalidRequestAndNothingStored() {
        long before = pushedRequests();

        Answer refused = RawHttp.send(server(), "POST", "/o/par/?client_id=" + SPA, "{\"response_type\":\"code\"}",
                "Content-Type: application/json", "Accept: application/json");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.text()).contains("\"error\":\"invalid_request\"").contains("application/x-www-form-urlencoded");
        assertThat(pushedRequests()).isEqualTo(before);
    }

    private long pushedRequests() {
        return server().jdbc()
            .sql("SELECT COUNT(*) FROM oauth_authorization WHERE request_uri_hash IS NOT NULL")
            .query(Long.class)
            .single();
    }
}
