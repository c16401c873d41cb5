package dev.latchkey.guard;

import static dev.latchkey.guard.GuardWorld.ADDRESS_LOCK_AFTER;
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
import dev.latchkey.support.SharedServers;

/**
 * The address the guards count is the peer's, unless the peer is a trusted proxy ({@code latchkey.trusted-proxies}):
 * then it is the nearest {@code X-Forwarded-For} hop that is no trusted proxy, so a client cannot choose it by
 * sending the header itself, directly or through the proxy.
 */
@ParameterizedClass
@EnumSource(Database.class)
class ClientAddressTests {

    @Parameter
    Database database;

    @Test
    void forwardedForFromAPeerThatIsNoTrustedProxyIsIgnored() throws InterruptedException {
        Map<String, String> noTrustedProxy = new HashMap<>(GuardWorld.properties());
        noTrustedProxy.remove("latchkey.trusted-proxies");
        // As if on Kubernetes, where Spring Boot would let Tomcat believe X-Forwarded-For from any private address
        // (this test's 127.0.0.1 among them) unless server.forward-headers-strategy says otherwise.
        noTrustedProxy.put("spring.main.cloud-platform", "kubernetes");
        LatchkeyServer server = SharedServers.of(database, noTrustedProxy);
        int failures = 0;
        while (failures < ADDRESS_LOCK_AFTER) {
            // A new claimed address each time: were it believed, no address would ever reach its limit.
            OAuthClient spoofer = server.client().forwardedFor(GuardWorld.newAddress());
            String answer = GuardWorld.path(server, spoofer.login(GuardWorld.newName("spoofed"), "guess"));
            if (answer.equals("/login?error")) {
                failures++;
            }
            else {
                Thread.sleep(1100);
            }
        }
        OAuthClient anyoneHere = server.client().forwardedFor(GuardWorld.newAddress());
        assertThat(GuardWorld.path(server, anyoneHere.login(GuardWorld.newName("late"), "guess")))
            .isEqualTo("/login?locked");
    }

    @Test
    void behindATrustedProxyTheNearestUntrustedHopCountsNotWhatTheClientPrepended() throws InterruptedException {
        LatchkeyServer server = GuardWorld.server(database);
        String seenByProxy = GuardWorld.newAddress();
        int failures = 0;
        while (failures < ADDRESS_LOCK_AFTER) {
            OAuthClient client = server.client().forwardedFor(GuardWorld.newAddress() + ", " + seenByProxy);
            if (GuardWorld.path(server, client.login(GuardWorld.newName("chained"), "guess")).equals("/login?error")) {
                failures++;
            }
            else {
                Thread.sleep(1100);
            }
        }
        OAuthClient sameClientNewClaim = server.client().forwardedFor("203.0.113.77, " + seenByProxy);
        assertThat(GuardWorld.path(server, sameClientNewClaim.login(GuardWorld.newName("chained"), "guess")))
            .isEqualTo("/login?locked");
        OAuthClient otherClient = server.client().forwardedFor(seenByProxy + ", " + GuardWorld.newAddress());
        assertThat(GuardWorld.path(server, otherClient.login(GuardWorld.newName("chained"), "guess")))
            .isEqualTo("/login?error");
    }
}
