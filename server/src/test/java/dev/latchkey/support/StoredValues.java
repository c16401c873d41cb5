package dev.latchkey.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a database thief would read: every value of every column of every row of every table, as text. */
public final class StoredValues {

    private StoredValues() {
    }

    /** Bytes are read as Latin-1; {@code mustInclude} tables must be among those read (else it proves nothing). */
    public static List<String> of(LatchkeyServer server, String... mustInclude) {
        String schema = server.database() == Database.H2 ? "PUBLIC" : "public";
        List<String> tables = server.jdbc()
            .sql("SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_type IN "
                    + "('BASE TABLE', 'TABLE')")
            .param(schema)
            .query(String.class)
            .list();
        if (!tables.stream().map(table -> table.toLowerCase(Locale.ROOT)).toList()
            .containsAll(List.of(mustInclude))) {
            throw new IllegalStateException("The scan did not find " + List.of(mustInclude) + " among " + tables);
        }
        List<String> values = new ArrayList<>();
        for (String table : tables) {
            for (Map<String, Object> row : server.jdbc().sql("SELECT * FROM \"" + table + "\"").query().listOfRows()) {
                row.values().forEach(value -> values.add(value instanceof byte[] bytes
                        ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(value)));
            }
        }
        return values;
    }
}
