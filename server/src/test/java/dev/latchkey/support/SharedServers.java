package dev.latchkey.support;

import java.util.EnumMap;
import java.util.Map;

/**
 * One server per database, started on first use and shared by the test classes that need nothing
 * special, so the suite pays for two start-ups instead of one per class. Tests on a shared server
 * create their own grants and never depend on what other tests left behind.
 */
public final class SharedServers {

    private static final Map<Database, LatchkeyServer> SERVERS = new EnumMap<>(Database.class);

    private SharedServers() {
    }

    public static synchronized LatchkeyServer of(Database database) {
        return SERVERS.computeIfAbsent(database, db -> {
            LatchkeyServer server = LatchkeyServer.start(db);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            return server;
        });
    }
}
