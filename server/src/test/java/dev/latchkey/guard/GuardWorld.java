package dev.latchkey.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.latchkey.admin.AdminWorld;
import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.SharedServers;
import dev.latchkey.user.UserService;

/**
 * The guards' test server: low limits, one-second delays, hour-long locks, the management API's robot
 * ({@link AdminWorld}), and the test's own address as a trusted proxy, so that each test sends its attempts from
 * addresses and names of its own ({@link OAuthClient#forwardedFor}) and tests on the shared server do not count
 * against each other.
 */
public final class GuardWorld {

    static final int ACCOUNT_DELAY_AFTER = 3;

    static final int ACCOUNT_LOCK_AFTER = 4;

    static final int ADDRESS_DELAY_AFTER = 6;

    static final int ADDRESS_LOCK_AFTER = 8;

    static final int CLIENT_DELAY_AFTER = 3;

    static final int CLIENT_LOCK_AFTER = 4;

    private static final AtomicInteger NEXT = new AtomicInteger();

    private GuardWorld() {
    }

    public static LatchkeyServer server(Database database) {
        return SharedServers.of(database, properties());
    }

    static Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>(AdminWorld.provisioning());
        properties.putAll(Map.ofEntries(Map.entry("latchkey.trusted-proxies", "127.0.0.1,::1"),
                Map.entry("latchkey.guards.accounts.delay-after", String.valueOf(ACCOUNT_DELAY_AFTER)),
                Map.entry("latchkey.guards.accounts.lock-after", String.valueOf(ACCOUNT_LOCK_AFTER)),
                Map.entry("latchkey.guards.addresses.delay-after", String.valueOf(ADDRESS_DELAY_AFTER)),
                Map.entry("latchkey.guards.addresses.lock-after", String.valueOf(ADDRESS_LOCK_AFTER)),
                Map.entry("latchkey.guards.clients.delay-after", String.valueOf(CLIENT_DELAY_AFTER)),
                Map.entry("latchkey.guards.clients.lock-after", String.valueOf(CLIENT_LOCK_AFTER)),
                Map.entry("latchkey.guards.first-delay", "1s"), Map.entry("latchkey.guards.longest-delay", "1s"),
                Map.entry("latchkey.guards.lock-duration", "1h")));
        return properties;
    }

    /** An address of the documentation range no other test uses. */
    public static String newAddress() {
        int n = NEXT.incrementAndGet();
        return "198.51." + (n / 250) + "." + (n % 250 + 1);
    }

    /** A name no account has and no other test uses. */
    public static String newName(String prefix) {
        return prefix + "-" + NEXT.incrementAndGet();
    }

    /**
     * Wrong passwords for {@code name}, each from a new address, waiting out each delay, until the name locks;
     * the sign-ins' answers ({@link #path}), the last one held back.
     */
    public static List<String> failSignInsUntilLocked(LatchkeyServer server, String name) throws InterruptedException {
        List<String> answers = new ArrayList<>();
        int failures = 0;
        while (failures < ACCOUNT_LOCK_AFTER) {
            String answer = path(server, server.client().forwardedFor(newAddress()).login(name, "wrong-" + failures));
            answers.add(answer);
            if (answer.equals("/login?error")) {
                failures++;
            }
            else {
                Thread.sleep(1100);
            }
        }
        answers.add(path(server, server.client().forwardedFor(newAddress()).login(name, "wrong-again")));
        return answers;
    }

    /** A sign-in's redirect, without host and without the number of seconds to wait. */
    static String path(LatchkeyServer server, Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(302);
        return response.header("Location").replace(server.baseUrl(), "").replaceAll("locked=[0-9]+", "locked");
    }

    /** A new enabled account; returns its username. */
    public static String newAccount(LatchkeyServer server, String password, boolean admin) {
        String username = newName(admin ? "guard-admin" : "guard-user");
        server.bean(UserService.class).createOrUpdate(username, password, true, admin);
        return username;
    }
}
