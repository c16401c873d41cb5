package dev.latchkey.cluster;

import dev.latchkey.admin.AdminWorld;
import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;

/**
 * Two nodes of one installation on one PostgreSQL ({@link AdminWorld}'s robot included, for the management API), started on first use and shared by this package's test
 * classes (a start costs seconds); stopped when the test JVM exits.
 */
final class TwoNodes {

    private static LatchkeyServer a;

    private static LatchkeyServer b;

    private TwoNodes() {
    }

    static synchronized LatchkeyServer a() {
        if (a == null) {
            a = LatchkeyServer.start(Database.POSTGRES, AdminWorld.provisioning());
            b = a.startAnotherNode();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                b.close();
                a.close();
            }));
        }
        return a;
    }

    static synchronized LatchkeyServer b() {
        a();
        return b;
    }
}
