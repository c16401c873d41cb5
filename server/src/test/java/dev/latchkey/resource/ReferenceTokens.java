package dev.latchkey.resource;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.latchkey.admin.AdminWorld;
import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.SharedServers;

/** The shared server of a database that issues reference access tokens ({@code latchkey.tokens.access-token-format}). */
public final class ReferenceTokens {

    private ReferenceTokens() {
    }

    public static LatchkeyServer server(Database database) {
        Map<String, String> properties = new LinkedHashMap<>(AdminWorld.provisioning());
        properties.put("latchkey.tokens.access-token-format", "reference");
        return SharedServers.of(database, properties);
    }
}
