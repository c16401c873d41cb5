package dev.latchkey.guard;

import static dev.latchkey.guard.GuardWorld.CLIENT_DELAY_AFTER;
import static dev.latchkey.guard.GuardWorld.CLIENT_LOCK_AFTER;
import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static dev.latchkey.support.TestWorld.OTHER_BACKEND;
import static dev.latchkey.support.TestWorld.OTHER_BACKEND_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;

/**
 * Wrong client secrets at the token, revocation and introspection endpoints are held back per client id: 429
 * with {@code Retry-After} and an OAuth error, whatever the secret, while every other client goes on. The
 * counts live in the database: they hold on another node and after a restart.
 */
@ParameterizedClass
@EnumSource(Database.class)
class ClientSecretGuardTests {

    private static final Map<String, String> CLIENT_CREDENTIALS = Map.of("grant_type", "client_credentials");

    private static final String PASSWORD = "guard-correct-horse-7";

    @Parameter
    Database database;

    @Test
    void wrongSecretsThenTheClientIsHeldBackAtEveryEndpointWhileAnotherClientGoesOnUntilReleased()
            throws InterruptedException {
        LatchkeyServer server = GuardWorld.server(database);
        OAuthClient client = server.client();
        List<Integer> statuses = lockClient(client, BACKEND);
        assertThat(statuses.subList(0, CLIENT_DELAY_AFTER)).containsOnly(401);
        assertThat(statuses.stream().filter(status -> status == 401).count()).isEqualTo(CLIENT_LOCK_AFTER);

        Response token = client.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET, CLIENT_CREDENTIALS);
        assertThat(token.status()).as("the right secret too").isEqualTo(429);
        assertThat(Long.parseLong(token.header("Retry-After"))).isBetween(3500L, 3600L);
        assertThat(token.header("Cache-Control")).contains("no-store");
        assertThat(token.json()).containsEntry("error", "temporarily_unavailable").doesNotContainKey("access_token");
        assertThat(token.jsonString("error_description")).contains(BACKEND).contains("Retry-After");
        assertThat(client.postWithBasic("/o/introspect/", BACKEND, BACKEND_SECRET, Map.of("token", "x")).status())
            .isEqualTo(429);
        assertThat(client.postWithBasic("/o/revoke_token/", BACKEND, BACKEND_SECRET, Map.of("token", "x")).status())
            .isEqualTo(429);
        assertThat(client.postWithBasic("/o/token/", OTHER_BACKEND, OTHER_BACKEND_SECRET, CLIENT_CREDENTIALS).status())
            .as("another client").isEqualTo(200);

        OAuthClient admin = admin(server);
        String locks = admin.get("/admin/locks", Map.of("Accept", "text/html")).body();
        assertThat(admin.get("/admin/audit", Map.of("Accept", "text/html")).body()).contains("client.locked");
        Matcher release = Pattern.compile("<tr id=\"lock-client-" + BACKEND + "\">(?s).*?name=\"key\" "
                + "value=\"([0-9a-f]{64})\"").matcher(locks);
        assertThat(release.find()).as(locks).isTrue();
        assertThat(admin.postForm("/admin/locks/release", Map.of("kind", "CLIENT", "key", release.group(1),
                "_csrf", csrf(admin)), null).status()).isEqualTo(302);

        assertThat(client.postWithBasic("/o/token/", BACKEND, BACKEND_SECRET, CLIENT_CREDENTIALS).status())
            .isEqualTo(200);
    }

    @Test
    void wrongSecretsOfAClientIdThatIsNoApplicationAreNeverHeldBack() {
        OAuthClient client = GuardWorld.server(database).client();
        String ghost = GuardWorld.newName("ghost-client");
        for (int i = 0; i < CLIENT_LOCK_AFTER * 2; i++) {
            Response refused = client.postWithBasic("/o/token/", ghost, "guess-" + i, CLIENT_CREDENTIALS);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json()).containsEntry("error", "invalid_client");
        }
    }

    @Test
    void locksHoldOnAnotherNodeAndAfterARestart() throws InterruptedException {
        try (LatchkeyServer first = LatchkeyServer.start(database, GuardWorld.properties())) {
            String account = GuardWorld.newAccount(first, PASSWORD, false);
            GuardWorld.failSignInsUntilLocked(first, account);
            lockClient(first.client(), BACKEND);

            try (LatchkeyServer second = first.startAnotherNode()) {
                assertHeldBack(second, account);
            }
            first.restart();
            assertHeldBack(first, account);
        }
    }

    /** Sign-ins of {@code account} and wrong secrets of BACKEND are refused on {@code node} without a check. */
    private static void assertHeldBack(LatchkeyServer node, String account) {
        assertThat(node.client().forwardedFor(GuardWorld.newAddress()).login(account, PASSWORD).header("Location"))
            .contains("/login?locked=");
        Response wrongSecret = node.client().postWithBasic("/o/token/", BACKEND, "wrong", CLIENT_CREDENTIALS);
        assertThat(wrongSecret.status()).as(wrongSecret.toString()).isEqualTo(429);
        assertThat(wrongSecret.header("Retry-After")).isNotNull();
    }

    /** Wrong secrets for {@code clientId}, waiting out each delay, until it locks; the statuses answered. */
    private static List<Integer> lockClient(OAuthClient client, String clientId) throws InterruptedException {
        List<Integer> statuses = new ArrayList<>();
        int failures = 0;
        while (failures < CLIENT_LOCK_AFTER) {
            Response response = client.postWithBasic("/o/token/", clientId, "wrong-" + failures, CLIENT_CREDENTIALS);
            statuses.add(response.status());
            if (response.status() == 401) {
                failures++;
            }
            else {
                assertThat(response.status()).as(response.toString()).isEqualTo(429);
                Thread.sleep(1100);
            }
        }
        return statuses;
    }

    private static OAuthClient admin(LatchkeyServer server) {
        String admin = GuardWorld.newAccount(server, PASSWORD, true);
        OAuthClient client = server.client().forwardedFor(GuardWorld.newAddress());
        assertThat(client.login(admin, PASSWORD).header("Location")).doesNotContain("/login");
        return client;
    }

    private static String csrf(OAuthClient client) {
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
            .matcher(client.get("/admin/locks", Map.of("Accept", "text/html")).body());
        assertThat(csrf.find()).isTrue();
        return csrf.group(1);
    }
}
