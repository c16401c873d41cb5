package dev.latchkey.support;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.latchkey.admin.AdminWorld;

/**
 * One server per database (and per set of extra properties), started on first use and shared by the test
 * classes that ask for the same, so the suite pays for a few start-ups instead of one per class. Tests on a
 * shared server create their own grants and never depend on what other tests left behind.
 */
public final class SharedServers {

    private static final Map<List<Object>, LatchkeyServer> SERVERS = new HashMap<>();

    private SharedServers() {
    }

    /** {@link TestWorld} and nothing special. */
    public static LatchkeyServer of(Database database) {
        return of(database, Map.of());
    }

    /**
     * {@link TestWorld} and the management API's robot ({@link AdminWorld}), with JWT access tokens signed ES256 as
     * the server's default ({@code latchkey.tokens.access-token-format=jwt},
     * {@code access-token-signing-algorithm=ES256}) for the applications that set no format or algorithm of their
     * own: the default server's counterpart, for tests that hold in either form.
     */
    public static LatchkeyServer withJwtAccessTokens(Database database) {
        Map<String, String> properties = new LinkedHashMap<>(AdminWorld.provisioning());
        properties.put("latchkey.tokens.access-token-format", "jwt");
        properties.put("latchkey.tokens.access-token-signing-algorithm", "ES256");
        return of(database, properties);
    }

    /** {@link TestWorld} plus {@code extraProperties}, as {@link LatchkeyServer#start(Database, Map)}. */
    public static synchronized LatchkeyServer of(Database database, Map<String, String> extraProperties) {
        return SERVERS.computeIfAbsent(List.of(database, Map.copyOf(extraProperties)), key -> {
            LatchkeyServer server = LatchkeyServer.start(database, extraProperties);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            return server;
        });
    }
}
