package dev.latchkey.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.SharedServers;
import dev.latchkey.support.TestWorld;

/**
 * The admin tests' fixture: {@code TestWorld} plus an operator account with the admin role and a
 * confidential "robot" application allowed the {@code latchkey:admin} scope, provisioned the way an
 * operator would. One server per database, shared by the admin test classes (they change users, keys and
 * applications, so they share a server of their own, not the one of the classes that need nothing special).
 */
public final class AdminWorld {

    public static final String ADMIN = "root";

    public static final String ADMIN_PASSWORD = "root-correct-horse-9";

    public static final String ROBOT = "admin-robot";

    public static final String ROBOT_SECRET = "robot-secret-0123456789-abcdefghijkl";

    public static final String ADMIN_SCOPE = "latchkey:admin";

    private AdminWorld() {
    }

    static LatchkeyServer server(Database database) {
        return SharedServers.of(database, provisioning());
    }

    /** Appended after TestWorld's entries: provisioned lists must have no gaps. */
    public static Map<String, String> provisioning() {
        Map<String, String> p = new LinkedHashMap<>();
        String admin = "latchkey.provision.users[" + nextIndex("users") + "].";
        p.put(admin + "username", ADMIN);
        p.put(admin + "password", ADMIN_PASSWORD);
        p.put(admin + "admin", "true");
        String robot = "latchkey.provision.applications[" + nextIndex("applications") + "].";
        p.put(robot + "client-id", ROBOT);
        p.put(robot + "name", "Provisioning robot");
        p.put(robot + "type", "confidential");
        p.put(robot + "secret", ROBOT_SECRET);
        p.put(robot + "grant-types", "client_credentials");
        p.put(robot + "scopes", ADMIN_SCOPE);
        return p;
    }

    private static int nextIndex(String list) {
        Pattern index = Pattern.compile("latchkey\\.provision\\." + list + "\\[(\\d+)]\\..*");
        return TestWorld.provisioning()
            .keySet()
            .stream()
            .map(index::matcher)
            .filter(Matcher::matches)
            .mapToInt(matcher -> Integer.parseInt(matcher.group(1)) + 1)
            .max()
            .orElse(0);
    }
}
